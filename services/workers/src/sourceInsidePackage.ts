import { lstat, readdir, readlink, realpath } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { WorkerError, WorkerErrorCode } from './errors.ts';

const inside = (dir: string, path: string): boolean => path === dir || path.startsWith(`${dir}${sep}`);

/** Where a link points: its real path, or (a dangling link) its target resolved next to it. */
async function targetOf(link: string): Promise<string> {
  try {
    return await realpath(link);
  } catch {
    return resolve(dirname(link), await readlink(link));
  }
}

/**
 * Refuses (`SOURCE_OUTSIDE_PACKAGE`, naming the path) a package source that is, or holds, a
 * symlink resolving outside the package's directory: copied into the build it would pack, record
 * and sign a file that is not the package's (a link to /etc/passwd). Entries `include` rejects are
 * not copied into builds and not looked at. Links inside the package are fine.
 */
export async function assertSourceInsidePackage(
  baseDir: string,
  source: string,
  include: (path: string) => boolean,
): Promise<void> {
  const root = resolve(baseDir, source);
  const refuse = (path: string, target: string): WorkerError =>
    new WorkerError(
      WorkerErrorCode.SourceOutsidePackage,
      `the source of this package (${source}) links outside its directory: ${relative(realBase, path) || source} → ${target}; nothing was built (remove the link, or copy the file into the package)`,
    );
  let realBase: string;
  let realRoot: string;
  try {
    realBase = await realpath(baseDir);
    realRoot = await targetOf(root);
    await lstat(realRoot);
  } catch (err) {
    throw new WorkerError(
      WorkerErrorCode.SourceMissing,
      `there is no package source ${root} (the worker's workspace, SHIPLOG_WORKSPACE, plus the checkout path the release run recorded, plus build.source)`,
      { cause: err },
    );
  }
  if (!inside(realBase, realRoot)) throw refuse(root, realRoot);
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (!include(path)) continue;
      if (entry.isSymbolicLink()) {
        const target = await targetOf(path);
        if (!inside(realRoot, target)) throw refuse(path, target);
        // A link to a directory inside the package is walked where it really is.
        if ((await lstat(target).catch(() => undefined))?.isDirectory() === true) continue;
      } else if (entry.isDirectory()) await walk(path);
    }
  };
  await walk(realRoot);
}
