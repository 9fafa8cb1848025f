import { afterAll, beforeAll } from 'vitest';
import { startLocalRegistries } from '../support/registries/localRegistries.ts';
import type { LocalRegistries, RegistryCounts } from '../support/registries/localRegistries.ts';
import { openReleaseWorkspace } from './releaseWorkspace.ts';
import type { ReleaseWorkspace, WorkspaceOptions } from './releaseWorkspace.ts';

/** No write request at all, on any registry. */
export const noUploads: RegistryCounts = { npm: 0, cargo: 0, pypi: 0, oci: 0 };

/** A spec file's shared state: one dry run that built, signed and gated the fixture release. */
export interface ReleaseSeed {
  /** The workspace the dry run used; copy it with `from` to reuse its builds. */
  readonly workspace: ReleaseWorkspace;
  readonly registries: LocalRegistries;
  readonly dry: Awaited<ReturnType<ReleaseWorkspace['release']>>;
  /** Fresh registries and a workspace copied from the seed (or not, with `from: undefined`). */
  freshCase(options?: { readonly reuseBuilds?: boolean }): Promise<ReleaseWorkspace>;
  /** A workspace on the given registries, removed after the file's tests. */
  openWorkspace(options: WorkspaceOptions): Promise<ReleaseWorkspace>;
}

/**
 * Registers the file's `beforeAll` (local registries, a workspace, `release run --dry-run`) and
 * an `afterAll` that stops and removes everything made through the seed, even after failures.
 */
export function useReleaseSeed(): ReleaseSeed {
  const cleanups: (() => Promise<void>)[] = [];
  let workspace: ReleaseWorkspace | undefined;
  let registries: LocalRegistries | undefined;
  let dry: ReleaseSeed['dry'] | undefined;
  const open = async (options: WorkspaceOptions): Promise<ReleaseWorkspace> => {
    const opened = await openReleaseWorkspace(options);
    cleanups.push(() => opened.remove());
    return opened;
  };
  const started = async (): Promise<LocalRegistries> => {
    const fresh = await startLocalRegistries();
    cleanups.push(() => fresh.stop());
    return fresh;
  };
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the release seed is not ready (its beforeAll failed)');
    return value;
  };

  beforeAll(async () => {
    registries = await started();
    workspace = await open({ registries });
    dry = await workspace.release('run', workspace.fixture.manifestPath, ['--dry-run']);
  }, 600_000);
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });

  return {
    get workspace() {
      return ready(workspace);
    },
    get registries() {
      return ready(registries);
    },
    get dry() {
      return ready(dry);
    },
    async freshCase(options = {}) {
      const fresh = await started();
      return open({
        registries: fresh,
        ...(options.reuseBuilds === false ? {} : { from: ready(workspace) }),
      });
    },
    openWorkspace: open,
  };
}
