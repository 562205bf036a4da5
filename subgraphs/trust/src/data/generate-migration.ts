import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrm, schemaCreateSql, type DatabaseTarget, type Dialect } from '@mcpr/platform';
import { trustEntities } from './entities';

/**
 * Tooling: the SQL that creates the trust schema from the entities, per dialect. Used once to write
 * `migrations/<dialect>/Migration0001Initial.ts`; later schema changes are hand-written migrations.
 */
export async function entitySchemaSql(target: DatabaseTarget): Promise<string[]> {
  const orm = await createOrm({
    target,
    entities: trustEntities,
    migrations: { sqlite: [], postgresql: [] },
  });
  try {
    return splitStatements(await schemaCreateSql(orm));
  } finally {
    await orm.close(true);
  }
}

/** Splits generated DDL into statements (the generator ends each with `;` and a newline). */
export function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*\n/)
    .map((statement) => statement.trim().replace(/;$/, ''))
    .filter((statement) => statement.length > 0 && !/^pragma /i.test(statement) && !/^set /i.test(statement));
}

/** The source of a MikroORM migration class that runs `statements` in order. */
export function renderMigration(dialect: Dialect, className: string, statements: string[]): string {
  const lines = statements.map((statement) => `    this.addSql(${JSON.stringify(statement)});`);
  return [
    `import { Migration } from '@mcpr/platform';`,
    ``,
    `/** Initial trust schema (${dialect}); generated from the entities by src/data/generate-migration.ts. */`,
    `export class ${className} extends Migration {`,
    `  override up(): void {`,
    ...lines,
    `  }`,
    `}`,
    ``,
  ].join('\n');
}

/** Writes both initial migrations; PostgreSQL needs a reachable database URL (argv[2]). */
// From src/data or dist/data alike: the migrations live in the sources.
const MIGRATIONS_DIR = join(__dirname, '../../src/data/migrations');

async function main(postgresUrl: string | undefined): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mcpr-trust-gen-'));
  try {
    const sqlite = await entitySchemaSql({ dialect: 'sqlite', file: join(dir, 'trust.sqlite') });
    writeFileSync(
      join(MIGRATIONS_DIR, 'sqlite/Migration0001Initial.ts'),
      renderMigration('sqlite', 'Migration0001Initial', sqlite),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (postgresUrl) {
    const pg = await entitySchemaSql({ dialect: 'postgresql', url: postgresUrl, schema: 'trust' });
    writeFileSync(
      join(MIGRATIONS_DIR, 'postgresql/Migration0001Initial.ts'),
      renderMigration('postgresql', 'Migration0001Initial', pg),
    );
  }
}

if (require.main === module) {
  main(process.argv[2]).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  });
}
