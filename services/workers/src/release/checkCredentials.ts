import type { ReleaseManifest } from '@shiplog/release';
import type { PublishAccess } from '../publish/publishAccess.ts';

/**
 * Credentials are checked before anything goes out: a missing token fails the run, not its half,
 * and every package without one is named at once.
 */
export async function checkCredentials(
  manifest: ReleaseManifest,
  access: PublishAccess,
): Promise<{ code: string; message: string } | undefined> {
  const missing: { code: string; message: string }[] = [];
  for (const pkg of manifest.packages) {
    try {
      await access.credential(pkg);
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'CREDENTIALS_MISSING';
      missing.push({ code, message: err instanceof Error ? err.message : String(err) });
    }
  }
  const [first] = missing;
  if (first === undefined) return undefined;
  if (missing.length === 1) return first;
  return {
    code: first.code,
    message: `${missing.length} packages: ${missing.map((m) => m.message).join('; ')}`,
  };
}
