import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { BuildRecipe } from '@shiplog/release';
import { WorkerError, WorkerErrorCode } from './errors.ts';
import { normaliseTarGz } from './normaliseTarGz.ts';
import { assertSourceInsidePackage } from './sourceInsidePackage.ts';

/** One output of a recipe run. */
export interface RecipeOutput {
  readonly path: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

// Left-overs of builds made in place must not leak into a clean build.
const notSource = new Set(['target', 'dist', 'node_modules', '.git', 'build', '__pycache__']);

/**
 * What is copied into a clean build: not build trees, not packaged files (.crate, .tgz, .whl), not
 * the recipe's own outputs left by a build made in place; prebuilt `.wasm` files are sources (an
 * npm package of wasm-pack output ships its `.wasm`).
 */
function sourceFilter(root: string, outputs: readonly string[]): (path: string) => boolean {
  const own = new Set(outputs.map((o) => resolve(root, o)));
  return (path) => {
    const name = basename(path);
    if (notSource.has(name) || name.endsWith('.egg-info') || /\.(crate|tgz|whl)$/.test(name)) return false;
    return !own.has(resolve(path));
  };
}

export interface RunRecipeOptions {
  readonly recipe: BuildRecipe;
  /** The directory the recipe's `source` is relative to (the manifest's). */
  readonly baseDir: string;
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Aborting kills the command (a release run stopped by Ctrl-C or SIGTERM). */
  readonly signal?: AbortSignal;
  /** Called while the command runs, to keep the job's ack deadline alive. */
  readonly onProgress?: () => void;
}

/**
 * A `.tar.gz` output (a Python sdist: setuptools ignores SOURCE_DATE_EPOCH there, writing the
 * copied files' mtimes and the build time into it) rewritten so two builds give the same bytes.
 */
function reproducible(output: string, bytes: Uint8Array, env: Readonly<Record<string, string>>): Uint8Array {
  const epoch = Number(env['SOURCE_DATE_EPOCH']);
  if (!output.endsWith('.tar.gz') || !Number.isSafeInteger(epoch) || epoch < 0) return bytes;
  return normaliseTarGz(bytes, epoch) ?? bytes;
}

/**
 * Copies the recipe's source into a fresh temporary directory, runs its command there and reads
 * its outputs (a `.tar.gz` made reproducible, see `normaliseTarGz`). The directory is removed afterwards, whatever happens. A source with a link leading
 * outside it is refused first (`SOURCE_OUTSIDE_PACKAGE`).
 */
export async function runRecipe(options: RunRecipeOptions): Promise<RecipeOutput[]> {
  const { recipe } = options;
  const isSource = sourceFilter(join(options.baseDir, recipe.source), recipe.outputs);
  await assertSourceInsidePackage(options.baseDir, recipe.source, isSource);
  const workDir = await mkdtemp(join(tmpdir(), 'shiplog-build-'));
  try {
    const sourceDir = join(workDir, 'src');
    await cp(join(options.baseDir, recipe.source), sourceDir, { recursive: true, filter: isSource });
    const cwd = recipe.cwd === undefined ? sourceDir : join(sourceDir, recipe.cwd);
    const [program = '', ...args] = recipe.command;
    await new Promise<void>((resolve, reject) => {
      const heartbeat = setInterval(() => options.onProgress?.(), 5_000);
      execFile(
        program,
        args,
        {
          cwd,
          env: { ...options.env, ...recipe.env },
          timeout: options.timeoutMs ?? 600_000,
          maxBuffer: 16 << 20,
          ...(options.signal === undefined ? {} : { signal: options.signal }),
        },
        (err, _stdout, stderr) => {
          clearInterval(heartbeat);
          if (err === null) resolve();
          else if (err.killed) {
            const seconds = Math.round((options.timeoutMs ?? 600_000) / 1_000);
            reject(
              new WorkerError(
                WorkerErrorCode.RecipeTimeout,
                `${recipe.command.join(' ')} ran longer than ${seconds}s and was stopped (raise build.timeoutSeconds in the manifest if it needs longer)`,
                { cause: err },
              ),
            );
          } else {
            const tail = stderr.trim().split('\n').slice(-5).join('\n');
            reject(
              new WorkerError(
                WorkerErrorCode.RecipeFailed,
                `${recipe.command.join(' ')} failed: ${err.message}\n${tail}`,
                { cause: err },
              ),
            );
          }
        },
      );
    });
    const outputs: RecipeOutput[] = [];
    for (const output of recipe.outputs) {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(join(sourceDir, output));
      } catch (err) {
        throw new WorkerError(WorkerErrorCode.OutputMissing, `the recipe did not produce ${output}`, {
          cause: err,
        });
      }
      outputs.push({
        path: output,
        fileName: basename(output),
        bytes: reproducible(output, bytes, options.env),
      });
    }
    return outputs;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
