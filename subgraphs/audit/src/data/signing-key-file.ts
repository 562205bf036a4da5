import type { KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportSigningKey, generateSigningKey, loadSigningKey } from '../domain/checkpoint';

/** Where the generated checkpoint key lives when AUDIT_SIGNING_KEY is unset. */
export const SIGNING_KEY_FILE = 'audit-signing.key';

export interface ResolvedSigningKey {
  key: KeyObject;
  /** `config`: AUDIT_SIGNING_KEY; `file`: read from DATA_DIR; `generated`: created now into DATA_DIR. */
  source: 'config' | 'file' | 'generated';
  file?: string;
}

/**
 * The checkpoint signing key: AUDIT_SIGNING_KEY when set (distributed replicas must share it),
 * otherwise `<dataDir>/audit-signing.key`, generated on first start (mode 600) and reused afterwards.
 */
export function resolveSigningKey(configured: string | undefined, dataDir: string): ResolvedSigningKey {
  if (configured) return { key: loadSigningKey(configured), source: 'config' };
  const file = join(dataDir, SIGNING_KEY_FILE);
  if (existsSync(file)) return { key: loadSigningKey(readFileSync(file, 'utf8')), source: 'file', file };
  mkdirSync(dataDir, { recursive: true });
  const key = generateSigningKey();
  try {
    // 'wx': never overwrite a key another process wrote meanwhile (that would orphan its checkpoints).
    writeFileSync(file, `${exportSigningKey(key)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: loadSigningKey(readFileSync(file, 'utf8')), source: 'file', file };
  }
  chmodSync(file, 0o600);
  return { key, source: 'generated', file };
}
