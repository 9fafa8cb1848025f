import { SbomError, SbomErrorCode } from './errors.ts';

/** A TOML value as this reader returns it. */
export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

/**
 * Reads the TOML that Cargo writes into a `.crate` (normalised Cargo.toml, Cargo.lock): tables,
 * arrays of tables, dotted keys, strings, numbers, booleans, arrays and inline tables. Dates and
 * multi-line strings are not needed there and are refused.
 */
export function parseToml(source: string, file = 'TOML'): TomlTable {
  let at = 0;
  const root: TomlTable = {};
  let current = root;
  const fail = (message: string): never => {
    const line = source.slice(0, at).split('\n').length;
    throw new SbomError(SbomErrorCode.MetadataMalformed, `${file} line ${line}: ${message}`);
  };
  const skipSpace = (newlines: boolean): void => {
    while (at < source.length) {
      const c = source[at] as string;
      if (c === ' ' || c === '\t' || c === '\r' || (newlines && c === '\n')) at++;
      else if (c === '#') while (at < source.length && source[at] !== '\n') at++;
      else break;
    }
  };
  const key = (): string[] => {
    const parts: string[] = [];
    for (;;) {
      skipSpace(false);
      const c = source[at];
      if (c === '"' || c === "'") parts.push(str());
      else {
        const match = /^[A-Za-z0-9_-]+/.exec(source.slice(at));
        if (match === null) return fail('expected a key');
        parts.push(match[0]);
        at += match[0].length;
      }
      skipSpace(false);
      if (source[at] !== '.') return parts;
      at++;
    }
  };
  const str = (): string => {
    const quote = source[at];
    if (source.startsWith(quote === '"' ? '"""' : "'''", at))
      return fail('multi-line strings are not supported');
    at++;
    let out = '';
    while (at < source.length && source[at] !== quote) {
      const c = source[at++] as string;
      if (c === '\n') return fail('unterminated string');
      if (c !== '\\' || quote === "'") {
        out += c;
        continue;
      }
      const e = source[at++];
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        '"': '"',
        '\\': '\\',
        b: '\b',
        f: '\f',
      };
      if (e !== undefined && simple[e] !== undefined) out += simple[e];
      else if (e === 'u' || e === 'U') {
        const length = e === 'u' ? 4 : 8;
        out += String.fromCodePoint(Number.parseInt(source.slice(at, at + length), 16));
        at += length;
      } else return fail(`bad escape \\${e ?? ''}`);
    }
    if (source[at] !== quote) return fail('unterminated string');
    at++;
    return out;
  };
  const value = (): TomlValue => {
    skipSpace(false);
    const c = source[at];
    if (c === '"' || c === "'") return str();
    if (c === '[') {
      at++;
      const items: TomlValue[] = [];
      for (;;) {
        skipSpace(true);
        if (source[at] === ']') break;
        items.push(value());
        skipSpace(true);
        if (source[at] === ',') at++;
        else if (source[at] !== ']') return fail('expected , or ] in an array');
      }
      at++;
      return items;
    }
    if (c === '{') {
      at++;
      const table: TomlTable = {};
      skipSpace(false);
      if (source[at] === '}') {
        at++;
        return table;
      }
      for (;;) {
        const path = key();
        if (source[at] !== '=') return fail('expected = in an inline table');
        at++;
        assign(table, path, value());
        skipSpace(false);
        if (source[at] === ',') at++;
        else if (source[at] === '}') {
          at++;
          return table;
        } else return fail('expected , or } in an inline table');
      }
    }
    const match = /^(true|false|[+-]?[0-9][0-9_]*(\.[0-9_]+)?([eE][+-]?[0-9]+)?)/.exec(source.slice(at));
    if (match === null) return fail('unsupported value');
    at += match[0].length;
    if (match[0] === 'true' || match[0] === 'false') return match[0] === 'true';
    return Number(match[0].replaceAll('_', ''));
  };
  const tableAt = (path: readonly string[], arrayItem: boolean): TomlTable => {
    let table = root;
    path.forEach((part, index) => {
      const last = index === path.length - 1;
      let next = table[part];
      if (last && arrayItem) {
        if (next === undefined) next = table[part] = [];
        if (!Array.isArray(next)) return fail(`${path.join('.')} is not an array of tables`);
        const item: TomlTable = {};
        next.push(item);
        table = item;
        return;
      }
      if (next === undefined) next = table[part] = {};
      if (Array.isArray(next)) next = next.at(-1);
      if (typeof next !== 'object' || next === null || Array.isArray(next))
        return fail(`${part} is not a table`);
      table = next;
    });
    return table;
  };
  const assign = (table: TomlTable, path: readonly string[], v: TomlValue): void => {
    const parent = path.length === 1 ? table : tableIn(table, path.slice(0, -1));
    parent[path.at(-1) as string] = v;
  };
  const tableIn = (table: TomlTable, path: readonly string[]): TomlTable => {
    let t = table;
    for (const part of path) {
      const next = (t[part] ??= {});
      if (typeof next !== 'object' || Array.isArray(next)) return fail(`${part} is not a table`);
      t = next;
    }
    return t;
  };

  for (;;) {
    skipSpace(true);
    if (at >= source.length) return root;
    if (source[at] === '[') {
      const arrayItem = source[at + 1] === '[';
      at += arrayItem ? 2 : 1;
      const path = key();
      if (!source.startsWith(arrayItem ? ']]' : ']', at)) fail('expected ] after a table name');
      at += arrayItem ? 2 : 1;
      current = tableAt(path, arrayItem);
      continue;
    }
    const path = key();
    if (source[at] !== '=') fail('expected =');
    at++;
    assign(current, path, value());
    skipSpace(false);
    if (at < source.length && source[at] !== '\n') fail('expected the end of the line');
  }
}
