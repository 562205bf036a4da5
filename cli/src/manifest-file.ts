import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { problem, usageError } from './errors';

/** The official file name first (so mcp-publisher works on the same file), then our alias. */
export const MANIFEST_FILES = ['server.json', 'mcps.json'] as const;

/** The manifest to work on: the one named, else ./server.json, else ./mcps.json. */
export function locateManifest(cwd: string, explicit?: string): string {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path))
      throw usageError(
        `${explicit} does not exist`,
        'check the path, or run `mcpm init` to create server.json',
      );
    return path;
  }
  for (const name of MANIFEST_FILES) {
    const path = resolve(cwd, name);
    if (existsSync(path)) return path;
  }
  throw usageError(
    `no server.json (or mcps.json) in ${cwd}`,
    'run `mcpm init` to create one, or pass the manifest file as an argument',
  );
}

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Parses JSON text; a syntax error is a problem found (exit 1) located as file:line:column. */
export function parseJsonFile(text: string, file: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const where = position ? `:${Object.values(lineColumn(text, Number(position[1]))).join(':')}` : '';
    throw problem(`${basename(file)}${where}: not valid JSON (${message})`, `fix the JSON syntax in ${file}`);
  }
}

export interface ManifestFile {
  path: string;
  manifest: unknown;
}

export function readManifestFile(path: string): ManifestFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw usageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return { path, manifest: parseJsonFile(text, path) };
}
