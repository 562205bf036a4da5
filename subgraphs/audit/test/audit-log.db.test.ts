import fc from 'fast-check';
import { AppError, Scope, testDialects, ANONYMOUS } from '@mcpr/platform';
import {
  auditLeafHash,
  generateSigningKey,
  hashFromHex,
  merkleTreeHash,
  publicKeyBase64,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
  verifyLogSnapshot,
  WINDOW_MS,
  type LogEntry,
} from '../src/domain';
import {
  event,
  keyPrincipal,
  openTestLog,
  versionPublished,
  withoutAppendOnlyTriggers,
  type TestLog,
} from './support';

const auditor = keyPrincipal([Scope.AUDIT_READ]);

async function allEntries(t: TestLog): Promise<LogEntry[]> {
  const entries: LogEntry[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await t.log.entries(auditor, {}, { first: 100, after });
    entries.push(...page.entries.map((item) => item.entry));
    if (!page.hasNextPage) return entries;
    after = page.entries.at(-1)?.cursor;
  }
}

describe.each(testDialects())('audit log on %s', (dialect) => {
  let t: TestLog;

  beforeEach(async () => {
    t = await openTestLog(dialect);
  });

  afterEach(async () => {
    await t.close();
  });

  it('appends in-scope events with a gapless 0-based index and recomputable leaf hashes', async () => {
    const events = [versionPublished(), event('namespace.created', 'io.github.alice'), versionPublished()];
    const result = await t.log.ingest(events);
    expect(result.appended).toEqual([0, 1, 2]);
    const entries = await allEntries(t);
    expect(entries.map((e) => e.index)).toEqual([0, 1, 2]);
    expect(entries.map((e) => e.id)).toEqual(events.map((e) => e.id));
    for (const entry of entries) {
      const { leafHash, ...leaf } = entry;
      expect(auditLeafHash(leaf)).toBe(leafHash);
    }
    expect(entries[0].data).toEqual(events[0].data);
    expect(await t.log.size()).toBe(3);
  });

  it('stays gapless and consistent under concurrent appends', async () => {
    const batches = Array.from({ length: 12 }, (_, i) =>
      Array.from({ length: 1 + (i % 4) }, () => versionPublished(`io.github.c/s${i}`)),
    );
    // Another writer on its own connection: on PostgreSQL the tree-head row lock serialises the two.
    const writers = dialect === 'postgresql' ? [t.log, (await t.openAnother()).log] : [t.log];
    await Promise.all(batches.map((batch, i) => writers[i % writers.length].ingest(batch)));
    const entries = await allEntries(t);
    const total = batches.flat().length;
    expect(entries.map((e) => e.index)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(new Set(entries.map((e) => e.id))).toEqual(new Set(batches.flat().map((e) => e.id)));
    // The stored tree is exactly the RFC 9162 tree of the entries, in index order.
    const checkpoint = await t.log.checkpoint();
    expect(checkpoint?.rootHash).toBe(
      merkleTreeHash(entries.map((e) => hashFromHex(e.leafHash))).toString('hex'),
    );
  });

  it('applies a redelivered event once', async () => {
    const published = versionPublished();
    expect((await t.log.ingest([published])).appended).toEqual([0]);
    const again = await t.log.ingest([published, published, versionPublished()]);
    expect(again).toMatchObject({ appended: [1], duplicates: 2 });
    expect((await t.log.ingest([published])).duplicates).toBe(1);
    expect(await t.log.size()).toBe(2);
  });

  it('keeps search.performed out of the log and access.denied in it', async () => {
    const result = await t.log.ingest([
      event('search.performed', 'q'),
      event('access.denied', 'key-1', { data: { operationName: 'AuditLog' } }),
    ]);
    expect(result).toMatchObject({ appended: [0], ignored: 1 });
    expect((await allEntries(t)).map((e) => e.type)).toEqual(['access.denied']);
  });

  it('aggregates auth.failed per network and minute into one entry per window, closed after the grace', async () => {
    const minute = Math.floor(t.clock.time / WINDOW_MS) * WINDOW_MS;
    const at = (offset: number) => new Date(minute + offset).toISOString();
    const failures = [
      ...Array.from({ length: 5 }, (_, i) =>
        event('auth.failed', '10.0.0.0/24', { occurredAt: at(1000 * i), data: { reason: 'unknown key' } }),
      ),
      event('auth.failed', '10.0.1.0/24', { occurredAt: at(2000) }),
      event('auth.failed', '10.0.1.0/24', { occurredAt: at(3000) }),
      event('ratelimit.exceeded', 'key-9', { occurredAt: at(4000) }),
      ...Array.from({ length: 3 }, (_, i) =>
        event('auth.failed', '10.0.0.0/24', { occurredAt: at(WINDOW_MS + i) }),
      ),
    ];
    // Delivered one at a time, as the bus does, with a redelivery in between.
    for (const failure of failures) await t.log.ingest([failure]);
    expect((await t.log.ingest([failures[0]])).duplicates).toBe(1);
    expect(await t.log.size()).toBe(0);

    t.clock.time = minute + WINDOW_MS + 4_000; // the first minute ended, the grace (5 s) has not
    expect(await t.log.closeDueWindows()).toBe(0);
    t.clock.time = minute + WINDOW_MS + 5_000;
    expect(await t.log.closeDueWindows()).toBe(3);
    const closed = await allEntries(t);
    expect(closed.map((e) => [e.type, e.subject, e.data.count])).toEqual([
      ['auth.failed', '10.0.0.0/24', 5],
      ['auth.failed', '10.0.1.0/24', 2],
      ['ratelimit.exceeded', 'key-9', 1],
    ]);
    expect(closed[0]).toMatchObject({
      occurredAt: at(0),
      actor: 'anonymous',
      source: 'gateway',
      data: {
        aggregated: true,
        window: { start: at(0), end: at(WINDOW_MS) },
        firstEventId: failures[0].id,
        firstOccurredAt: at(0),
        lastOccurredAt: at(4000),
        sample: { reason: 'unknown key' },
      },
    });

    // A straggler for the closed minute opens a second window for it; nothing is lost.
    await t.log.ingest([event('auth.failed', '10.0.0.0/24', { occurredAt: at(30_000) })]);
    t.clock.time = minute + 2 * WINDOW_MS + 5_000;
    expect(await t.log.closeDueWindows()).toBe(2);
    expect((await allEntries(t)).slice(3).map((e) => [e.occurredAt, e.data.count])).toEqual([
      [at(0), 1],
      [at(WINDOW_MS), 3],
    ]);
    expect(await t.log.closeDueWindows()).toBe(0);
  });

  it('signs a checkpoint only when the tree grew, with the proof root of the same size', async () => {
    const initial = await t.log.latestCheckpoint();
    expect(initial).toMatchObject({ treeSize: 0, rootHash: merkleTreeHash([]).toString('hex') });
    expect(await t.log.checkpoint()).toBeNull();
    await t.log.ingest([versionPublished(), versionPublished(), versionPublished()]);
    const checkpoint = await t.log.checkpoint();
    expect(checkpoint).not.toBeNull();
    expect(await t.log.checkpoint()).toBeNull();
    const latest = (await t.log.latestCheckpoint())!;
    expect(latest).toMatchObject({ treeSize: 3, keyId: t.log.keyId, origin: 'test.example/audit' });
    expect(latest.note).toBe(
      `test.example/audit\n3\n${Buffer.from(latest.rootHash, 'hex').toString('base64')}\n`,
    );
    expect(verifyCheckpoint(latest.note, latest.signature, publicKeyBase64(t.key))).toBe(true);
    expect(Buffer.from(latest.signature, 'base64')).toHaveLength(64);
    const proof = await t.log.inclusionProof(1, 3);
    expect(proof.rootHash).toBe(latest.rootHash);
    expect(verifyInclusion(proof.leafHash, 1, 3, proof.hashes, latest.rootHash)).toBe(true);
  });

  it('serves inclusion and consistency proofs that verify at every size up to the current one', async () => {
    const n = 37;
    for (let i = 0; i < n; i += 5) {
      await t.log.ingest(Array.from({ length: Math.min(5, n - i) }, () => versionPublished()));
    }
    const entries = await allEntries(t);
    const roots = new Map<number, string>();
    for (let size = 1; size <= n; size += 1) {
      roots.set(
        size,
        merkleTreeHash(entries.slice(0, size).map((e) => hashFromHex(e.leafHash))).toString('hex'),
      );
    }
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: n })
          .chain((size) => fc.tuple(fc.constant(size), fc.nat({ max: size - 1 }))),
        async ([size, index]) => {
          const proof = await t.log.inclusionProof(index, size);
          expect(proof).toMatchObject({
            index,
            treeSize: size,
            leafHash: entries[index].leafHash,
            rootHash: roots.get(size),
          });
          expect(verifyInclusion(proof.leafHash, index, size, proof.hashes, roots.get(size)!)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: n })
          .chain((to) => fc.tuple(fc.integer({ min: 1, max: to }), fc.constant(to))),
        async ([from, to]) => {
          const proof = await t.log.consistencyProof(from, to);
          expect(proof).toMatchObject({ fromRoot: roots.get(from), toRoot: roots.get(to) });
          expect(verifyConsistency(from, to, proof.fromRoot, proof.toRoot, proof.hashes)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('answers out-of-range proof requests with BAD_USER_INPUT', async () => {
    await t.log.ingest([versionPublished(), versionPublished()]);
    const cases = [
      () => t.log.inclusionProof(2, 2),
      () => t.log.inclusionProof(0, 3),
      () => t.log.inclusionProof(-1, 2),
      () => t.log.consistencyProof(0, 2),
      () => t.log.consistencyProof(2, 1),
      () => t.log.consistencyProof(1, 3),
    ];
    for (const request of cases) {
      const pending = request();
      await expect(pending).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
      await expect(pending).rejects.toBeInstanceOf(AppError);
    }
  });

  it('refuses UPDATE and DELETE of log rows through the application connection', async () => {
    await t.log.ingest([versionPublished()]);
    await t.log.checkpoint();
    const attempts = [
      `update ${t.sql.table('audit_entry')} set actor = 'mallory'`,
      `delete from ${t.sql.table('audit_entry')}`,
      `update ${t.sql.table('audit_merkle_node')} set hash = hash`,
      `delete from ${t.sql.table('audit_merkle_node')}`,
      `update ${t.sql.table('audit_checkpoint')} set note = note`,
      `delete from ${t.sql.table('audit_checkpoint')}`,
    ];
    for (const statement of attempts) {
      await expect(t.sql.run(statement)).rejects.toThrow(/append-only/);
    }
    if (dialect === 'postgresql') {
      await expect(t.sql.run(`truncate ${t.sql.table('audit_entry')}`)).rejects.toThrow(/append-only/);
    }
    expect((await allEntries(t))[0].actor).toBe('alice');
  });

  describe('tampering', () => {
    async function snapshotOf(entries: LogEntry[]) {
      const checkpoint = (await t.log.latestCheckpoint())!;
      const inclusion = await Promise.all(
        entries.map((entry) => t.log.inclusionProof(entry.index, checkpoint.treeSize)),
      );
      return verifyLogSnapshot({
        publicKey: t.log.publicKey,
        checkpoint,
        inclusion,
        entries: entries.map(({ leafHash: _leafHash, ...entry }) => ({ index: entry.index, entry })),
      });
    }

    beforeEach(async () => {
      await t.log.ingest(Array.from({ length: 9 }, () => versionPublished()));
      await t.log.checkpoint();
      expect(await snapshotOf(await allEntries(t))).toEqual({ ok: true, problems: [] });
    });

    it('of an entry in the database is detected by the verifier', async () => {
      await withoutAppendOnlyTriggers(t.sql, 'audit_entry', async () => {
        await t.sql.run(`update ${t.sql.table('audit_entry')} set data = ? where idx = 4`, [
          '{"manifest":{},"name":"io.github.mallory/weather","version":"6.6.6"}',
        ]);
      });
      const entries = await allEntries(t);
      const { leafHash, ...tampered } = entries[4];
      expect(tampered.data.name).toBe('io.github.mallory/weather');
      expect(auditLeafHash(tampered)).not.toBe(leafHash);
      const verdict = await snapshotOf(entries);
      expect(verdict.ok).toBe(false);
      expect(verdict.problems).toEqual([
        expect.stringMatching(/^entries\[4\] \(index 4\): recomputed leaf hash/),
      ]);
    });

    it('of a stored node hash is detected by proof verification', async () => {
      await withoutAppendOnlyTriggers(t.sql, 'audit_merkle_node', async () => {
        await t.sql.run(
          `update ${t.sql.table('audit_merkle_node')} set hash = ? where level = 0 and idx = 2`,
          [Buffer.alloc(32, 7)],
        );
      });
      const checkpoint = (await t.log.latestCheckpoint())!;
      const proof = await t.log.inclusionProof(2, checkpoint.treeSize);
      expect(verifyInclusion(proof.leafHash, 2, checkpoint.treeSize, proof.hashes, checkpoint.rootHash)).toBe(
        false,
      );
      // Every proof whose path crosses the altered leaf breaks too.
      const sibling = await t.log.inclusionProof(3, checkpoint.treeSize);
      expect(
        verifyInclusion(sibling.leafHash, 3, checkpoint.treeSize, sibling.hashes, checkpoint.rootHash),
      ).toBe(false);
      expect((await snapshotOf(await allEntries(t))).ok).toBe(false);
    });
  });

  it('keeps every key ever used, and re-signs the current size after a rotation', async () => {
    await t.log.ingest([versionPublished(), versionPublished()]);
    await t.log.checkpoint();
    const before = (await t.log.latestCheckpoint())!;
    const oldKey = t.log.publicKey;
    t.clock.advance(60_000);
    const rotated = (await t.openAnother({ key: generateSigningKey() })).log;
    const after = (await rotated.latestCheckpoint())!;
    expect(after).toMatchObject({ treeSize: 2, rootHash: before.rootHash, keyId: rotated.keyId });
    expect(verifyCheckpoint(after.note, after.signature, rotated.publicKey)).toBe(true);
    expect(verifyCheckpoint(before.note, before.signature, oldKey)).toBe(true);
    const keys = await rotated.signingKeys();
    expect(keys).toEqual([
      { keyId: t.log.keyId, publicKey: oldKey, validFrom: expect.any(Date), validUntil: t.clock.now() },
      { keyId: rotated.keyId, publicKey: rotated.publicKey, validFrom: t.clock.now(), validUntil: null },
    ]);
  });

  it('filters and pages auditLog, and requires AUDIT_READ', async () => {
    const minute = 60_000;
    const base = Date.parse('2025-01-01T00:00:00.000Z');
    await t.log.ingest([
      versionPublished('io.github.a/one', '1.0.0', { occurredAt: new Date(base).toISOString() }),
      event('namespace.created', 'io.github.b', {
        actor: 'bob',
        occurredAt: new Date(base + minute).toISOString(),
      }),
      versionPublished('io.github.a/one', '1.1.0', { occurredAt: new Date(base + 2 * minute).toISOString() }),
      event('access.denied', 'key-7', { occurredAt: new Date(base + 3 * minute).toISOString() }),
    ]);
    const indexes = async (filter: Parameters<typeof t.log.entries>[1]) =>
      (await t.log.entries(auditor, filter, {})).entries.map((item) => item.entry.index);
    expect(await indexes({ types: ['version.published'] })).toEqual([0, 2]);
    expect(await indexes({ subject: 'io.github.b' })).toEqual([1]);
    expect(await indexes({ actor: 'bob' })).toEqual([1]);
    expect(await indexes({ since: new Date(base + minute), until: new Date(base + 3 * minute) })).toEqual([
      1, 2,
    ]);
    expect(await indexes({ types: ['access.denied'], actor: 'anonymous' })).toEqual([3]);

    const first = await t.log.entries(auditor, {}, { first: 3 });
    expect(first.entries.map((item) => item.entry.index)).toEqual([0, 1, 2]);
    expect(first.hasNextPage).toBe(true);
    const rest = await t.log.entries(auditor, {}, { first: 3, after: first.entries[2].cursor });
    expect(rest.entries.map((item) => item.entry.index)).toEqual([3]);
    expect(rest.hasNextPage).toBe(false);
    expect((await t.log.entries(auditor, {}, { first: 500 })).entries).toHaveLength(4);
    await expect(t.log.entries(auditor, {}, { after: 'nonsense' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });

    await expect(t.log.entries(ANONYMOUS, {}, {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(t.log.entries(keyPrincipal([Scope.SERVERS_PUBLISH]), {}, {})).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await t.log.entries(keyPrincipal([Scope.ADMIN]), {}, {})).entries).toHaveLength(4);
  });

  it('serves public trails per version and per server in one query, without security or key events', async () => {
    const v1 = versionPublished('io.github.a/one', '1.0.0');
    const v2 = versionPublished('io.github.a/one', '2.0.0');
    const other = versionPublished('io.github.b/two', '1.0.0');
    const versionId = v1.data.versionId as string;
    await t.log.ingest([
      v1,
      v2,
      other,
      event('version.status_changed', 'io.github.a/one', { data: { versionId, status: 'DEPRECATED' } }),
      event('scan.completed', 'io.github.a/one', { source: 'trust', data: { versionId, status: 'PASSED' } }),
      event('install.recorded', 'io.github.a/one', { data: { versionId } }),
      event('access.denied', 'io.github.a/one', { data: { versionId } }),
      event('apikey.created', 'key-1', { data: { versionId } }),
    ]);
    const byVersion = await t.log.trails('versionId', [versionId, 'unknown'], {});
    expect(byVersion.get(versionId)!.entries.map((item) => item.entry.type)).toEqual([
      'version.published',
      'version.status_changed',
      'scan.completed',
    ]);
    expect(byVersion.get('unknown')).toEqual({ entries: [], hasNextPage: false });
    const byServer = await t.log.trails('serverName', ['io.github.a/one', 'io.github.b/two'], { first: 2 });
    expect(byServer.get('io.github.a/one')!.entries.map((item) => item.entry.index)).toEqual([0, 1]);
    expect(byServer.get('io.github.a/one')!.hasNextPage).toBe(true);
    expect(byServer.get('io.github.b/two')!.entries.map((item) => item.entry.index)).toEqual([2]);
    const next = await t.log.trails('serverName', ['io.github.a/one'], {
      first: 2,
      after: byServer.get('io.github.a/one')!.entries[1].cursor,
    });
    expect(next.get('io.github.a/one')!.entries.map((item) => item.entry.type)).toEqual([
      'version.status_changed',
      'scan.completed',
    ]);
  });

  it('rejects events that cannot be logged faithfully, writing nothing', async () => {
    await expect(
      t.log.ingest([versionPublished(), event('version.published', 'x', { occurredAt: 'yesterday' })]),
    ).rejects.toThrow(/occurredAt/);
    await expect(t.log.ingest([event('version.published', 'x', { data: [] as never })])).rejects.toThrow(
      /data/,
    );
    await expect(t.log.ingest([event('version.published', 'x'.repeat(301))])).rejects.toThrow(/subject/);
    expect(await t.log.size()).toBe(0);
  });
});
