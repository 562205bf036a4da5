import { join, resolve } from 'node:path';
import type { Io } from '../config';
import { usageError } from '../errors';
import type { Launch } from '../launch';
import { claudeDesktop } from './claude-desktop';
import { backup, readConfig, writeConfig } from './config-file';
import { cursor } from './cursor';
import type { ClientId, ClientWriter } from './types';
import { vscode } from './vscode';

export type { ClientId, ClientWriter } from './types';

export const CLIENTS: readonly ClientWriter[] = [claudeDesktop, vscode, cursor];

export function clientById(id: string | undefined): ClientWriter {
  const client = CLIENTS.find((candidate) => candidate.id === id);
  if (!client) {
    throw usageError(
      id === undefined ? 'missing --client' : `unknown client ${JSON.stringify(id)}`,
      `choose --client ${CLIENTS.map((c) => c.id).join('|')}`,
    );
  }
  return client;
}

export function isClientId(id: string): id is ClientId {
  return CLIENTS.some((client) => client.id === id);
}

/** The configuration file of a client: in `--config-dir` when given, else in its default folder. */
export function configPath(
  client: ClientWriter,
  io: Pick<Io, 'env' | 'homedir' | 'platform' | 'cwd'>,
  configDir?: string,
) {
  return join(
    configDir !== undefined ? resolve(io.cwd, configDir) : client.defaultConfigDir(io),
    client.file,
  );
}

export interface ConfigChange {
  path: string;
  /** Where the previous file was copied, when there was one. */
  backup?: string;
  /** True when the file had comments (JSONC), which a rewrite does not keep; the backup has them. */
  droppedComments: boolean;
  changed: boolean;
}

function serversOf(value: Record<string, unknown>, key: string, path: string): Record<string, unknown> {
  const servers = value[key];
  if (servers === undefined) return {};
  if (typeof servers !== 'object' || servers === null || Array.isArray(servers)) {
    throw usageError(
      `${path}: "${key}" is not an object; mcpm did not change the file`,
      'fix the file, then run the command again',
    );
  }
  return servers as Record<string, unknown>;
}

/**
 * Adds (or replaces) the server's entry, keyed by its full name, keeping everything else in the file;
 * the previous file is first copied to `<file>.bak`.
 */
export function writeServerEntry(
  client: ClientWriter,
  path: string,
  name: string,
  launch: Launch,
): ConfigChange {
  const document = readConfig(path);
  const servers = serversOf(document.value, client.serversKey, path);
  const entry = client.entry(launch);
  if (JSON.stringify(servers[name]) === JSON.stringify(entry)) {
    return { path, changed: false, droppedComments: false };
  }
  const backupPath = document.exists ? backup(path) : undefined;
  writeConfig(path, { ...document.value, [client.serversKey]: { ...servers, [name]: entry } });
  return {
    path,
    changed: true,
    droppedComments: document.hadComments,
    ...(backupPath ? { backup: backupPath } : {}),
  };
}

/** Removes the server's entry (backing the file up first); `changed: false` when it was not there. */
export function removeServerEntry(client: ClientWriter, path: string, name: string): ConfigChange {
  const document = readConfig(path);
  const servers = serversOf(document.value, client.serversKey, path);
  if (!document.exists || !(name in servers)) return { path, changed: false, droppedComments: false };
  const backupPath = backup(path);
  const rest = { ...servers };
  delete rest[name];
  writeConfig(path, { ...document.value, [client.serversKey]: rest });
  return { path, changed: true, droppedComments: document.hadComments, backup: backupPath };
}
