import { readdir, readFile, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { readReleaseManifest, ReleaseError } from '@shiplog/release';
import type { ReleaseManifest } from '@shiplog/release';
import {
  handInArtifacts,
  parseReleaseId,
  recordedManifest,
  releaseIdOf,
  reportMatrixFailure,
  runCount,
  WorkerError,
} from '@shiplog/workers';
import type { HandedInFile } from '@shiplog/workers';
import type { CommandIo } from '../command.ts';
import { UsageError } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';
import { openReleaseRuntime } from './releaseRuntime.ts';

export interface AddArtifactArgs {
  readonly target: string;
  /** The file or directory; absent with `failed`. */
  readonly path?: string;
  readonly json: boolean;
  readonly store: string;
  readonly package?: string;
  readonly platform?: string;
  readonly runner?: string;
  /** The matrix job's build failed: record this message instead of handing anything in. */
  readonly failed?: string;
}

/** What `release add-artifact` takes beyond the release, the output and the ledger. */
export type AddArtifactOptions = Omit<AddArtifactArgs, 'target' | 'json' | 'store'>;

/** The add-artifact options of `shiplog release` (none for the other actions, which refuse them). */
export function addArtifactOptions(
  action: string,
  path: string | undefined,
  values: { package?: string; platform?: string; runner?: string; failed?: string },
): AddArtifactOptions {
  const given = (['package', 'platform', 'runner', 'failed'] as const).filter((k) => values[k] !== undefined);
  if (action !== 'add-artifact') {
    if (given.length > 0) throw new UsageError(`--${given[0] ?? ''} is for add-artifact`);
    return {};
  }
  if (values.failed !== undefined) {
    if (values.package === undefined)
      throw new UsageError('--failed needs --package NAME: whose build failed');
    if (path !== undefined) throw new UsageError('--failed hands nothing in: leave out PATH');
  } else if (path === undefined) throw new UsageError('name the file or directory to hand in');
  return {
    ...(path === undefined ? {} : { path }),
    ...(values.package === undefined ? {} : { package: values.package }),
    ...(values.platform === undefined ? {} : { platform: values.platform }),
    ...(values.runner === undefined ? {} : { runner: values.runner }),
    ...(values.failed === undefined ? {} : { failed: values.failed }),
  };
}

/**
 * Who built the files: `--runner`, else SHIPLOG_WORKER_RUNNER, else the GitHub Actions job
 * (repository, run, attempt, job, runner name, OS and architecture), else this host.
 */
export function matrixRunnerOf(args: Pick<AddArtifactArgs, 'runner'>, env: CommandIo['env']): string {
  if (args.runner !== undefined) return args.runner;
  const configured = env['SHIPLOG_WORKER_RUNNER'];
  if (configured !== undefined && configured !== '') return configured;
  const run = env['GITHUB_RUN_ID'];
  if (env['GITHUB_ACTIONS'] === 'true' && run !== undefined) {
    const where = `${env['RUNNER_NAME'] ?? 'runner'} ${env['RUNNER_OS'] ?? ''}-${env['RUNNER_ARCH'] ?? ''}`;
    return `github-actions:${env['GITHUB_REPOSITORY'] ?? '?'}/actions/runs/${run}/attempts/${env['GITHUB_RUN_ATTEMPT'] ?? '1'}#${env['GITHUB_JOB'] ?? '?'}@${where}`;
  }
  return `add-artifact@${hostname()}#${process.pid}`;
}

/** A handed-in file, or every file under a handed-in directory (its name is what is matched). */
async function filesAt(path: string): Promise<{ files: HandedInFile[]; directory: boolean }> {
  const info = await stat(path).catch((err: unknown) => {
    throw new UsageError(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  });
  if (!info.isDirectory())
    return { files: [{ fileName: basename(path), bytes: await readFile(path) }], directory: false };
  const files: HandedInFile[] = [];
  for (const entry of await readdir(path, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files.push({ fileName: entry.name, bytes: await readFile(join(entry.parentPath, entry.name)) });
  }
  return { files, directory: true };
}

/** The manifest a hand-in is for: a manifest file, or the one the release's latest run recorded. */
async function manifestOf(
  target: string,
  io: CommandIo,
  store: Parameters<typeof runCount>[0],
): Promise<ReleaseManifest> {
  if (parseReleaseId(target) === undefined) return readReleaseManifest(resolve(io.cwd, target));
  const recorded = await recordedManifest(store, target);
  if (recorded === undefined)
    throw new UsageError(
      `the ledger has no run of release ${target}: name the manifest file instead, or start the run first`,
    );
  return recorded.manifest;
}

/**
 * `release add-artifact RELEASE PATH`: a CI matrix job hands in what it built for the manifest's
 * prebuilt packages (a file, or a directory of files matched by name), recorded with its runner
 * identity and digest; `--failed MESSAGE` reports its build failed instead. The release run waits
 * for these and then SBOMs, signs, gates and publishes them as usual.
 */
export async function releaseAddArtifactAction(args: AddArtifactArgs, io: CommandIo): Promise<ExitCode> {
  const runtime = await openReleaseRuntime(io, { store: args.store, signs: false });
  try {
    const { ctx } = runtime;
    const manifest = await manifestOf(args.target, io, ctx.store);
    const runner = matrixRunnerOf(args, io.env);
    if (args.failed !== undefined) {
      await reportMatrixFailure({ ctx, manifest, runner, package: args.package ?? '', message: args.failed });
      io.stderr.write(`shiplog release: recorded the failed build of ${args.package ?? ''} (${runner})\n`);
      return ExitCode.Done;
    }
    const { files, directory } = await filesAt(resolve(io.cwd, args.path ?? '.'));
    const report = await handInArtifacts({
      ctx,
      manifest,
      run: Math.max(1, await runCount(ctx.store, releaseIdOf(manifest))),
      files,
      runner,
      skipUnknown: directory,
      ...(args.package === undefined ? {} : { package: args.package }),
      ...(args.platform === undefined ? {} : { platform: args.platform }),
    });
    const summary = {
      release: releaseIdOf(manifest),
      runner,
      files: report.files.map(({ artifact: _, ...f }) => f),
      skipped: report.skipped,
    };
    if (args.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
    else {
      for (const f of summary.files) io.stdout.write(`${f.status} ${f.package} ${f.fileName} ${f.digest}\n`);
      for (const name of summary.skipped)
        io.stdout.write(`skipped ${name} (no prebuilt output of that name)\n`);
    }
    return ExitCode.Done;
  } catch (err) {
    if (!(err instanceof WorkerError) && !(err instanceof ReleaseError)) throw err;
    io.stderr.write(`shiplog release: ${err.code}: ${err.message}\n`);
    return ExitCode.Failure;
  } finally {
    await runtime.close();
  }
}
