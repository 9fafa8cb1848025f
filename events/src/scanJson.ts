/** What a scan of JSON text found before parsing it. */
export interface JsonScan {
  /** The deepest nesting reached (stops counting past the limit). */
  readonly depth: number;
  /** Whether the top-level value is an array. */
  readonly isArray: boolean;
  /** For a top-level array, where each element starts: its 1-based line and character offset. */
  readonly elements: readonly { line: number; offset: number }[];
}

/**
 * Scans JSON text without building values, so too-deep input is refused before `JSON.parse` sees
 * it. Stops as soon as nesting exceeds `maxDepth`; malformed text is left for `JSON.parse` to name.
 */
export function scanJson(text: string, maxDepth: number, firstLine = 1): JsonScan {
  let depth = 0;
  let deepest = 0;
  let line = firstLine;
  let inString = false;
  let escaped = false;
  let expectElement = false;
  let isArray: boolean | undefined;
  const elements: { line: number; offset: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x0a) line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === 0x5c) escaped = true;
      else if (ch === 0x22) inString = false;
      continue;
    }
    const isSpace = ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09;
    if (expectElement && !isSpace && ch !== 0x5d) {
      elements.push({ line, offset: i });
      expectElement = false;
    }
    if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      isArray ??= ch === 0x5b;
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > maxDepth) break;
      if (depth === 1 && ch === 0x5b) expectElement = true;
    } else if (ch === 0x7d || ch === 0x5d) depth--;
    else if (ch === 0x2c && depth === 1 && isArray === true) expectElement = true;
  }
  return { depth: deepest, isArray: isArray ?? false, elements };
}
