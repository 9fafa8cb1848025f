/**
 * The `code` a promise rejects with (every shiplog error has one), or undefined when it resolves:
 * tests assert on codes, never on messages.
 */
export async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}
