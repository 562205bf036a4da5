import 'reflect-metadata';
import { createOrm, createTestDatabase, testDialects, type Orm, type TestDatabase } from '@mcpr/platform';
import { searchEntities } from '../src/data/state-store';
import { float32Of, OrmVectorStore } from '../src/data/vector-store';
import { DocumentVectorEntity } from '../src/data/document-vector.entity';

describe.each(testDialects())('OrmVectorStore on %s', (dialect) => {
  let db: TestDatabase;
  let orm: Orm;

  beforeEach(async () => {
    db = await createTestDatabase(dialect, 'vectorstore');
    orm = await createOrm({
      target: db.target,
      entities: searchEntities,
      migrations: { sqlite: [], postgresql: [] },
    });
    await orm.getSchemaGenerator().createSchema();
  });
  afterEach(async () => {
    await orm.close();
    await db.drop();
  });

  it('reads back exactly the vectors it stored', async () => {
    const store = new OrmVectorStore(orm);
    const a = Float32Array.from({ length: 512 }, (_, i) => Math.sin(i) / 7);
    const b = Float32Array.from([1.5, -0, Number.MIN_VALUE, -3.25e10]);
    // A view into a larger buffer at an offset: only its own bytes are stored.
    const c = new Float32Array(new Float32Array([9, 8, 7, 6, 5]).buffer, 4, 3);
    await store.putMany([
      { hash: 'a', vector: a },
      { hash: 'b', vector: b },
      { hash: 'c', vector: c },
    ]);
    const got = await store.getMany(['a', 'b', 'c', 'missing']);
    expect([...got.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(got.get('a')).toEqual(a);
    expect(Object.is(got.get('b')![1], -0)).toBe(true);
    expect(got.get('b')).toEqual(b);
    expect(got.get('c')).toEqual(Float32Array.from([8, 7, 6]));
  });

  it('treats a damaged row as missing, so the text is embedded again', async () => {
    const em = orm.em.fork();
    em.create(DocumentVectorEntity, { hash: 'odd', vector: Buffer.from([1, 2, 3]) });
    em.create(DocumentVectorEntity, { hash: 'empty', vector: Buffer.alloc(0) });
    await em.flush();
    const got = await new OrmVectorStore(orm).getMany(['odd', 'empty']);
    expect(got.size).toBe(0);
  });
});

describe('float32Of', () => {
  it('decodes a Buffer, a Uint8Array view and an ArrayBuffer alike', () => {
    const v = Float32Array.from([0.25, -1, 3]);
    const bytes = new Uint8Array(v.buffer);
    expect(float32Of(Buffer.from(bytes))).toEqual(v);
    expect(float32Of(bytes.buffer)).toEqual(v);
    const padded = new Uint8Array(16);
    padded.set(bytes, 3);
    expect(float32Of(padded.subarray(3, 15))).toEqual(v);
  });
});
