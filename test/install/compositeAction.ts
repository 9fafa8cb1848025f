import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { parse } from 'yaml';

/** The parts of an action.yml a composite action runner reads. */
export interface CompositeAction {
  readonly name?: unknown;
  readonly description?: unknown;
  readonly inputs?: Record<
    string,
    { description?: unknown; required?: unknown; default?: string | number | boolean }
  >;
  readonly outputs?: Record<string, { description?: unknown; value?: unknown }>;
  readonly runs?: { using?: unknown; steps?: readonly Step[] };
}

interface Step {
  readonly id?: string;
  readonly if?: string;
  readonly run?: string;
  readonly shell?: string;
  readonly uses?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, string>;
}

export async function readAction(dir: string): Promise<CompositeAction> {
  return parse(await readFile(join(dir, 'action.yml'), 'utf8')) as CompositeAction;
}

/** What GitHub requires of a composite action.yml; empty when it is well formed. */
export function actionProblems(action: CompositeAction): string[] {
  const problems: string[] = [];
  if (typeof action.name !== 'string') problems.push('name: missing');
  if (typeof action.description !== 'string') problems.push('description: missing');
  for (const [name, input] of Object.entries(action.inputs ?? {})) {
    if (typeof input.description !== 'string') problems.push(`inputs.${name}.description: missing`);
  }
  for (const [name, output] of Object.entries(action.outputs ?? {})) {
    if (typeof output.value !== 'string')
      problems.push(`outputs.${name}.value: composite outputs need a value`);
  }
  if (action.runs?.using !== 'composite')
    problems.push(`runs.using: ${String(action.runs?.using)}, not composite`);
  const steps = action.runs?.steps ?? [];
  if (steps.length === 0) problems.push('runs.steps: none');
  steps.forEach((step, i) => {
    if ((step.run === undefined) === (step.uses === undefined))
      problems.push(`runs.steps[${i}]: needs run or uses`);
    if (step.run !== undefined && step.shell === undefined)
      problems.push(`runs.steps[${i}]: run needs shell`);
  });
  return problems;
}

/** A finished run of the action's steps. */
export interface ActionRun {
  /** The exit code of the step that failed, or 0. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly summary: string;
}

/** `name=value` lines and `name<<DELIM … DELIM` blocks of a GITHUB_OUTPUT file. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block !== null) {
      const end = lines.indexOf(block[2] ?? '', i + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: ${block[1]}<<${block[2]} is never closed`);
      outputs[block[1] ?? ''] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('='))
      outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return outputs;
}

/**
 * Runs a composite action's steps as the runner does: each `run` with `bash --noprofile --norc -eo
 * pipefail`, `${{ inputs.* }}` and `${{ steps.*.outputs.* }}` substituted, GITHUB_OUTPUT / GITHUB_PATH
 * / GITHUB_STEP_SUMMARY files, INPUT_* from the step's env. A `uses` step cannot run here: its `if`
 * must be false in this environment. Any other expression is refused, so the harness never guesses.
 */
export async function runCompositeAction(
  dir: string,
  inputs: Readonly<Record<string, string>>,
  runner: { readonly env: Readonly<Record<string, string>>; readonly temp: string },
): Promise<ActionRun> {
  const action = await readAction(dir);
  const withDefaults = Object.fromEntries(
    Object.entries(action.inputs ?? {}).map(([name, i]) => [
      name,
      inputs[name] ?? (i.default === undefined ? '' : `${i.default}`),
    ]),
  );
  const stepOutputs: Record<string, Record<string, string>> = {};
  const expression = (text: string): string =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_all, expr: string) => {
      const ref = /^(inputs)\.([\w-]+)$|^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
      if (ref === null) throw new Error(`unsupported expression in action.yml: ${expr}`);
      if (ref[1] !== undefined && !((ref[2] ?? '') in withDefaults))
        throw new Error(`action.yml uses undeclared input ${expr}`);
      return ref[1] !== undefined
        ? (withDefaults[ref[2] ?? ''] ?? '')
        : (stepOutputs[ref[3] ?? '']?.[ref[4] ?? ''] ?? '');
    });
  const condition = (text: string): boolean => {
    const cmp = /^steps\.([\w-]+)\.outputs\.([\w-]+)\s*(==|!=)\s*'([^']*)'$/.exec(text.trim());
    if (cmp === null) throw new Error(`unsupported if: in action.yml: ${text}`);
    const equal = (stepOutputs[cmp[1] ?? '']?.[cmp[2] ?? ''] ?? '') === cmp[4];
    return cmp[3] === '==' ? equal : !equal;
  };
  const files = { path: join(runner.temp, 'github_path'), summary: join(runner.temp, 'step_summary') };
  await mkdir(runner.temp, { recursive: true });
  await Promise.all([writeFile(files.path, ''), writeFile(files.summary, '')]);
  let stdout = '';
  let stderr = '';
  for (const [i, step] of (action.runs?.steps ?? []).entries()) {
    if (step.if !== undefined && !condition(step.if)) continue;
    if (step.run === undefined)
      throw new Error(`step ${i} (uses: ${step.uses}) would run; this harness cannot run it`);
    const outputFile = join(runner.temp, `output_${i}`);
    const script = join(runner.temp, `step_${i}.sh`);
    await writeFile(outputFile, '');
    await writeFile(script, expression(step.run));
    const added = (await readFile(files.path, 'utf8'))
      .split('\n')
      .filter((p) => p !== '')
      .reverse();
    const env: Record<string, string> = {
      ...runner.env,
      PATH: [...added, runner.env.PATH ?? ''].join(delimiter),
      GITHUB_ACTION_PATH: dir,
      GITHUB_OUTPUT: outputFile,
      GITHUB_PATH: files.path,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TEMP: runner.temp,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expression(v)])),
    };
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
        cwd: runner.env.GITHUB_WORKSPACE,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      child.once('error', reject);
      child.once('close', (c) => resolve(c ?? 1));
    });
    if (step.id !== undefined) stepOutputs[step.id] = parseOutputs(await readFile(outputFile, 'utf8'));
    if (code !== 0)
      return { code, stdout, stderr, outputs: {}, summary: await readFile(files.summary, 'utf8') };
  }
  const outputs = Object.fromEntries(
    Object.entries(action.outputs ?? {}).map(([name, o]) => [
      name,
      expression(typeof o.value === 'string' ? o.value : ''),
    ]),
  );
  return { code: 0, stdout, stderr, outputs, summary: await readFile(files.summary, 'utf8') };
}
