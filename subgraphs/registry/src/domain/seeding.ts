import type { EntityManager } from '@mikro-orm/knex';
import { Scope, type KeyPrincipal } from '@mcpr/platform';
import { findOrCreateAccount } from './accounts';
import { ADMIN_HANDLE } from './bootstrap';
import { publishServer } from './publishing';

export interface SeedRejection {
  name: string;
  errors: { code: string; message: string; path: string[] }[];
}

export interface SeedReport {
  accepted: number;
  rejected: number;
  /** How many manifests each reason rejected, keyed `<code> <path>` (e.g. `BAD_USER_INPUT manifest.description`). */
  reasons: Record<string, number>;
  rejections: SeedRejection[];
}

/** The principal seeding publishes as: the `admin` account with ADMIN scope (covers every namespace). */
export async function seedPrincipal(em: EntityManager, now: Date): Promise<KeyPrincipal> {
  const account = await em.transactional((tx) => findOrCreateAccount(tx, ADMIN_HANDLE, now));
  return {
    kind: 'key',
    keyId: 'seed',
    accountId: account.id,
    handle: account.handle,
    scopes: [Scope.ADMIN],
    namespacePatterns: ['*'],
    expiresAt: null,
  };
}

/**
 * Publishes each manifest through the ordinary publish path (validation, namespaces, events), one
 * transaction per manifest so a rejection affects only itself. `forceVersion` replaces each manifest's
 * version (the official seed uses placeholder versions such as `0.0.1-seed`).
 */
export async function seedManifests(
  em: EntityManager,
  manifests: readonly unknown[],
  options: { now?: () => Date; forceVersion?: string } = {},
): Promise<SeedReport> {
  const now = options.now ?? (() => new Date());
  const principal = await seedPrincipal(em.fork(), now());
  const report: SeedReport = { accepted: 0, rejected: 0, reasons: {}, rejections: [] };
  for (const raw of manifests) {
    const manifest =
      options.forceVersion && typeof raw === 'object' && raw !== null && !Array.isArray(raw)
        ? { ...(raw as Record<string, unknown>), version: options.forceVersion }
        : raw;
    // A fresh fork per manifest keeps the identity map small over hundreds of publishes.
    const outcome = await publishServer({ em: em.fork(), principal, now }, manifest);
    if (outcome.ok) {
      report.accepted += 1;
      continue;
    }
    report.rejected += 1;
    const name =
      typeof (manifest as { name?: unknown })?.name === 'string' ? (manifest as { name: string }).name : '?';
    report.rejections.push({ name, errors: outcome.errors });
    for (const reason of new Set(outcome.errors.map((error) => `${error.code} ${error.path.join('.')}`))) {
      report.reasons[reason] = (report.reasons[reason] ?? 0) + 1;
    }
  }
  return report;
}
