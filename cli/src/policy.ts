import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PERMISSION_KINDS } from '@mcpr/manifest/constants';
import { usageError } from './errors';
import { SEVERITY_ORDER, TIER_ORDER, type VetPolicyInput } from './operations';

/** The project's policy file, found in the current folder. */
export const POLICY_FILE = 'mcps-policy.json';

/**
 * Without a policy file: deny only what the registry's vet denies anyway (an advisory affecting the
 * version) and a FAILED scan (a HIGH or CRITICAL finding).
 */
export const DEFAULT_POLICY: VetPolicyInput = { maxFindingSeverity: 'MEDIUM' };

export interface LoadedPolicy {
  policy: VetPolicyInput;
  /** The file it came from; undefined for the default. */
  file?: string;
}

const FIELDS = ['minTier', 'maxFindingSeverity', 'forbidPermissions', 'requireSignature', 'allowNamespaces'];

/** Checks a policy document (the contract's VetPolicyInput; keys starting with `$` are comments). */
export function parsePolicy(value: unknown, file: string): VetPolicyInput {
  const bad = (what: string) =>
    usageError(`${file}: ${what}`, `fix ${file}; its fields are ${FIELDS.join(', ')}`);
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw bad('must hold a JSON object');
  const raw = value as Record<string, unknown>;
  const policy: VetPolicyInput = {};
  for (const [key, field] of Object.entries(raw)) {
    if (key.startsWith('$')) continue;
    switch (key) {
      case 'minTier':
        if (!TIER_ORDER.includes(field as never))
          throw bad(`minTier must be one of ${TIER_ORDER.join(', ')}`);
        policy.minTier = field as VetPolicyInput['minTier'];
        break;
      case 'maxFindingSeverity':
        if (!SEVERITY_ORDER.includes(field as never)) {
          throw bad(`maxFindingSeverity must be one of ${SEVERITY_ORDER.join(', ')}`);
        }
        policy.maxFindingSeverity = field as VetPolicyInput['maxFindingSeverity'];
        break;
      case 'forbidPermissions':
        if (!Array.isArray(field) || field.some((kind) => !PERMISSION_KINDS.includes(kind as never))) {
          throw bad(`forbidPermissions must list permission kinds (${PERMISSION_KINDS.join(', ')})`);
        }
        policy.forbidPermissions = field as string[];
        break;
      case 'requireSignature':
        if (typeof field !== 'boolean') throw bad('requireSignature must be true or false');
        policy.requireSignature = field;
        break;
      case 'allowNamespaces':
        if (!Array.isArray(field) || field.some((pattern) => typeof pattern !== 'string')) {
          throw bad('allowNamespaces must list namespace patterns such as "io.github.acme/*"');
        }
        policy.allowNamespaces = field as string[];
        break;
      default:
        throw bad(`unknown field ${JSON.stringify(key)}`);
    }
  }
  return policy;
}

/** `--policy <file>`, else ./mcps-policy.json, else the default policy. */
export function loadPolicy(cwd: string, explicit?: string): LoadedPolicy {
  const path = explicit !== undefined ? resolve(cwd, explicit) : resolve(cwd, POLICY_FILE);
  if (!existsSync(path)) {
    if (explicit !== undefined) throw usageError(`${explicit} does not exist`, 'check the --policy path');
    return { policy: DEFAULT_POLICY };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw usageError(`${path} is not valid JSON (${(error as Error).message})`, `fix ${path}`);
  }
  return { policy: parsePolicy(parsed, path), file: path };
}
