import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { problem } from '../errors';

/**
 * Removes `//` and `/* *\/` comments and trailing commas outside strings (VS Code's mcp.json is JSONC).
 */
export function stripJsonc(text: string): { json: string; hadComments: boolean } {
  let out = '';
  let hadComments = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '/' && text[i + 1] === '/') {
      hadComments = true;
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (ch === '/' && text[i + 1] === '*') {
      hadComments = true;
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 2;
    } else {
      out += ch;
      i += 1;
    }
  }
  // Trailing commas: a comma followed only by whitespace before } or ] (strings were copied verbatim,
  // so search outside them again).
  let result = '';
  for (let k = 0; k < out.length; k += 1) {
    const ch = out[k]!;
    if (ch === '"') {
      let j = k + 1;
      while (j < out.length && out[j] !== '"') j += out[j] === '\\' ? 2 : 1;
      result += out.slice(k, j + 1);
      k = j;
    } else if (ch === ',' && /^\s*[}\]]/.test(out.slice(k + 1))) {
      continue;
    } else result += ch;
  }
  return { json: result, hadComments };
}

export interface ConfigDocument {
  value: Record<string, unknown>;
  exists: boolean;
  hadComments: boolean;
}

/** Reads a client's configuration; a missing or empty file is an empty object. */
export function readConfig(path: string): ConfigDocument {
  if (!existsSync(path)) return { value: {}, exists: false, hadComments: false };
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return { value: {}, exists: true, hadComments: false };
  const { json, hadComments } = stripJsonc(text);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw problem(
      `${path} is not valid JSON (${(error as Error).message}); mcpm did not change it`,
      'fix the file (or move it away), then run the command again',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw problem(
      `${path} does not hold a JSON object; mcpm did not change it`,
      'fix the file (or move it away), then run the command again',
    );
  }
  return { value: value as Record<string, unknown>, exists: true, hadComments };
}

/** Copies the file to `<file>.bak` (replacing an older backup) and returns the backup's path. */
export function backup(path: string): string {
  const target = `${path}.bak`;
  copyFileSync(path, target);
  return target;
}

/** Writes JSON (2 spaces, final newline) atomically, keeping the file's mode when it existed. */
export function writeConfig(path: string, value: Record<string, unknown>): void {
  mkdirSync(dirname(path), { recursive: true });
  const mode = existsSync(path) ? statSync(path).mode & 0o777 : 0o644;
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(value, null, 2)}\n`, { mode });
  renameSync(temp, path);
}
