/*
 * Just enough TOML to read a pyproject.toml's metadata: tables, dotted keys, basic/literal/multi-line
 * strings, arrays, inline tables, booleans and numbers. Arrays of tables (`[[...]]`) are skipped. Not a
 * validating parser: anything it cannot read ends the parse with what it has so far.
 */

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

class Reader {
  i = 0;
  constructor(readonly s: string) {}
  peek(offset = 0): string {
    return this.s[this.i + offset] ?? '';
  }
  startsWith(text: string): boolean {
    return this.s.startsWith(text, this.i);
  }
  /** Skips spaces and tabs (and newlines and comments when `lines`). */
  skip(lines = false): void {
    for (;;) {
      const ch = this.peek();
      if (ch === ' ' || ch === '\t' || (lines && (ch === '\n' || ch === '\r'))) this.i += 1;
      else if (ch === '#') while (this.i < this.s.length && this.peek() !== '\n') this.i += 1;
      else return;
    }
  }
}

class TomlSyntax extends Error {}

function readString(r: Reader): string {
  const quote = r.peek();
  const triple = r.startsWith(quote.repeat(3));
  r.i += triple ? 3 : 1;
  if (triple && r.peek() === '\n') r.i += 1;
  else if (triple && r.startsWith('\r\n')) r.i += 2;
  let out = '';
  for (;;) {
    if (r.i >= r.s.length) throw new TomlSyntax('unterminated string');
    if (triple ? r.startsWith(quote.repeat(3)) : r.peek() === quote) {
      r.i += triple ? 3 : 1;
      return out;
    }
    const ch = r.peek();
    if (!triple && ch === '\n') throw new TomlSyntax('newline in string');
    if (quote === '"' && ch === '\\') {
      const next = r.peek(1);
      const simple: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        '"': '"',
        '\\': '\\',
        b: '\b',
        f: '\f',
      };
      if (next in simple) {
        out += simple[next];
        r.i += 2;
      } else if (next === 'u' || next === 'U') {
        const len = next === 'u' ? 4 : 8;
        out += String.fromCodePoint(parseInt(r.s.slice(r.i + 2, r.i + 2 + len), 16));
        r.i += 2 + len;
      } else if (triple && (next === '\n' || next === '\r' || next === ' ')) {
        r.i += 1;
        r.skip(true);
      } else throw new TomlSyntax('bad escape');
      continue;
    }
    out += ch;
    r.i += 1;
  }
}

function readKey(r: Reader): string[] {
  const parts: string[] = [];
  for (;;) {
    r.skip();
    const ch = r.peek();
    if (ch === '"' || ch === "'") parts.push(readString(r));
    else {
      const match = /^[A-Za-z0-9_-]+/.exec(r.s.slice(r.i));
      if (!match) throw new TomlSyntax('bad key');
      parts.push(match[0]);
      r.i += match[0].length;
    }
    r.skip();
    if (r.peek() !== '.') return parts;
    r.i += 1;
  }
}

function readValue(r: Reader): TomlValue {
  r.skip();
  const ch = r.peek();
  if (ch === '"' || ch === "'") return readString(r);
  if (ch === '[') {
    r.i += 1;
    const items: TomlValue[] = [];
    for (;;) {
      r.skip(true);
      if (r.peek() === ']') {
        r.i += 1;
        return items;
      }
      items.push(readValue(r));
      r.skip(true);
      if (r.peek() === ',') r.i += 1;
    }
  }
  if (ch === '{') {
    r.i += 1;
    const table: TomlTable = {};
    for (;;) {
      r.skip();
      if (r.peek() === '}') {
        r.i += 1;
        return table;
      }
      const key = readKey(r);
      if (r.peek() !== '=') throw new TomlSyntax('expected =');
      r.i += 1;
      assign(table, key, readValue(r));
      r.skip();
      if (r.peek() === ',') r.i += 1;
    }
  }
  const match = /^[^\s,\]}#]+/.exec(r.s.slice(r.i));
  if (!match) throw new TomlSyntax('bad value');
  r.i += match[0].length;
  if (match[0] === 'true') return true;
  if (match[0] === 'false') return false;
  const number = Number(match[0].replace(/_/g, ''));
  return Number.isNaN(number) ? match[0] : number;
}

function tableAt(root: TomlTable, path: string[]): TomlTable {
  let table = root;
  for (const part of path) {
    const next = table[part];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) table = next;
    else {
      const created: TomlTable = {};
      table[part] = created;
      table = created;
    }
  }
  return table;
}

function assign(table: TomlTable, key: string[], value: TomlValue): void {
  tableAt(table, key.slice(0, -1))[key[key.length - 1]!] = value;
}

/** Parses TOML text; stops quietly at the first thing it cannot read. */
export function parseToml(text: string): TomlTable {
  const root: TomlTable = {};
  const r = new Reader(text.replace(/^\uFEFF/, ''));
  let current: TomlTable | null = root;
  try {
    for (;;) {
      r.skip(true);
      if (r.i >= r.s.length) return root;
      if (r.startsWith('[[')) {
        // Arrays of tables hold nothing mcpm reads; skip to the next table header.
        current = null;
        while (r.i < r.s.length && r.peek() !== '\n') r.i += 1;
        continue;
      }
      if (r.peek() === '[') {
        r.i += 1;
        const path = readKey(r);
        if (r.peek() !== ']') throw new TomlSyntax('expected ]');
        r.i += 1;
        current = tableAt(root, path);
        continue;
      }
      const key = readKey(r);
      if (r.peek() !== '=') throw new TomlSyntax('expected =');
      r.i += 1;
      const value = readValue(r);
      if (current) assign(current, key, value);
    }
  } catch (error) {
    if (error instanceof TomlSyntax) return root;
    throw error;
  }
}
