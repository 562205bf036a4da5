import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrateUp } from '@mcpr/platform';
import type { EntityManager } from '@mikro-orm/knex';
import { seedManifests, type SeedReport } from '../domain/seeding';
import { loadRegistryEnv } from '../env';
import { openRegistryDatabase } from '../service';

/** The official registry's seed (MIT; see seed/README.md), relative to src/cli or dist/cli. */
export const OFFICIAL_SEED_FILE = join(__dirname, '../../seed/official-registry-seed_2025-09-29.json');
/** The seed's versions are placeholders (`0.0.1-seed`); every manifest is published as this version. */
export const SEED_VERSION = '1.0.0';

/** The manifests of the official seed. */
export function loadOfficialSeed(file = OFFICIAL_SEED_FILE): unknown[] {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  return Array.isArray(parsed) ? parsed : [];
}

/** A human summary of a seed run. */
export function formatSeedReport(report: SeedReport): string {
  const lines = [`accepted: ${report.accepted}`, `rejected: ${report.rejected}`];
  for (const [reason, count] of Object.entries(report.reasons).sort((a, b) => b[1] - a[1])) {
    lines.push(`  ${count} × ${reason}`);
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const config = loadRegistryEnv();
  const { target, orm } = await openRegistryDatabase(config);
  try {
    if (target.dialect === 'sqlite') await migrateUp(orm);
    const report = await seedManifests(orm.em.fork() as unknown as EntityManager, loadOfficialSeed(), {
      forceVersion: SEED_VERSION,
    });
    process.stdout.write(formatSeedReport(report));
  } finally {
    await orm.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`seed failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
