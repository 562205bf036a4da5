import { createServer, type Server, type Socket } from 'node:net';
import {
  createOrm,
  createTestDatabase,
  databaseAnswers,
  dependencyOutage,
  Migration,
  migrateUp,
  testDialects,
  waitFor,
  type Orm,
  type TestDatabase,
} from '../src';

const postgres = testDialects().includes('postgresql');

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

/** A TCP server that accepts connections and never says a word: a frozen or wedged database. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `postgres://postgres@127.0.0.1:${port}/none`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

class SlowMigration extends Migration {
  override async up(): Promise<void> {
    this.addSql('select pg_sleep(0.6)');
  }
}

(postgres ? describe : describe.skip)(
  postgres ? 'PostgreSQL time limits' : 'PostgreSQL time limits (skipped: DATABASE_URL not set)',
  () => {
    let db: TestDatabase;
    let orm: Orm;

    beforeAll(async () => {
      db = await createTestDatabase('postgresql', 'timeouts');
      orm = await createOrm({
        target: db.target,
        entities: [],
        migrations: { sqlite: [], postgresql: [{ name: 'Slow', class: SlowMigration }] },
        poolMax: 1,
        timeouts: { queryMs: 300 },
      });
      await orm.em.getConnection().execute('create schema if not exists timeouts');
      await orm.em.getConnection().execute('create table timeouts.note (id int primary key)');
    });
    afterAll(async () => {
      await orm?.close(true);
      await db?.drop();
    });

    const backendPid = async () =>
      (await orm.em.getConnection().execute<{ pid: number }[]>('select pg_backend_pid() as pid'))[0]!.pid;

    it('gives up on a statement that outlives the limit, as a database outage, and drops that connection', async () => {
      const pid = await backendPid();
      const error = await failure(() => orm.em.getConnection().execute('select pg_sleep(3)'));
      expect(dependencyOutage(error)).toEqual({ dependency: 'database', detail: expect.any(String) });
      // The pool (of one) hands out a fresh connection: the old one may still carry the late answer.
      const next = await backendPid();
      expect(next).not.toBe(pid);
    });

    it('rolls back a transaction whose statement timed out, even after the server finishes it', async () => {
      const error = await failure(() =>
        orm.em.transactional(async (em) => {
          await em
            .getConnection()
            .execute('insert into timeouts.note (id) values (1)', [], 'run', em.getTransactionContext());
          await em.getConnection().execute('select pg_sleep(1)', [], 'all', em.getTransactionContext());
        }),
      );
      expect(dependencyOutage(error)?.dependency).toBe('database');
      // Wait until the abandoned backend has noticed its client is gone, then look.
      await waitFor(
        async () => {
          const rows = await orm.em
            .getConnection()
            .execute<
              { n: string }[]
            >("select count(*) as n from pg_stat_activity where query like 'select pg_sleep(1)%' and pid <> pg_backend_pid()");
          return Number(rows[0]!.n) === 0;
        },
        10_000,
        'the abandoned backend to end',
      );
      const rows = await orm.em
        .getConnection()
        .execute<{ n: string }[]>('select count(*) as n from timeouts.note');
      expect(Number(rows[0]!.n)).toBe(0);
    });

    it('reports a transaction whose BEGIN gets no answer as a database outage', async () => {
      // Freeze this pool's only backend, so that BEGIN itself goes unanswered (signalling it needs to be
      // the postgres user or root).
      const pid = await backendPid();
      try {
        process.kill(pid, 'SIGSTOP');
      } catch {
        return; // not allowed to signal the server's processes here; the e2e fault test covers it
      }
      let error: unknown;
      try {
        error = await failure(() =>
          orm.em.transactional(async (em) => {
            await em.getConnection().execute('select 1', [], 'all', em.getTransactionContext());
          }),
        );
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      // Not knex's "Transaction query already complete": the outage, with its cause.
      expect(dependencyOutage(error)?.dependency).toBe('database');
      expect(await backendPid()).not.toBe(pid);
    });

    it('runs migrations without the statement limit', async () => {
      expect(await migrateUp(orm)).toEqual(['Slow']);
    });

    it('reports a database that accepts connections but never answers as unavailable', async () => {
      const silent = await silentServer();
      const wedged = await createOrm({
        target: { dialect: 'postgresql', url: silent.url, schema: 'none' },
        entities: [],
        migrations: { sqlite: [], postgresql: [] },
        timeouts: { connectMs: 300 },
      }).catch((error: unknown) => error);
      try {
        if (wedged instanceof Error) {
          expect(dependencyOutage(wedged)?.dependency).toBe('database');
          return;
        }
        const client = wedged as Orm;
        expect(await databaseAnswers(client, 2_000)).toBe(false);
        const error = await failure(() => client.em.getConnection().execute('select 1'));
        expect(dependencyOutage(error)?.dependency).toBe('database');
        await client.close(true);
      } finally {
        await silent.close();
      }
    });
  },
);
