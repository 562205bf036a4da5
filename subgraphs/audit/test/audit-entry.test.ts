import { sha256Hex } from '@mcpr/platform/crypto/canonical-json';
import { AuditEntryError, auditLeafContent, auditLeafHash, type AuditLeafEntry } from '../src/domain';

const entry: AuditLeafEntry = {
  index: 7,
  id: '01890f4e-8b7a-7c3d-9e2f-0123456789ab',
  type: 'version.published',
  source: 'registry',
  occurredAt: '2025-06-01T12:34:56.789Z',
  actor: 'alice',
  subject: 'io.github.alice/weather',
  data: { version: '1.0.0', name: 'io.github.alice/weather', manifestDigest: 'ab'.repeat(32) },
};

describe('audit leaf content', () => {
  it('is the RFC 8785 JSON of exactly the documented fields', () => {
    expect(auditLeafContent(entry)).toBe(
      '{"actor":"alice","data":{"manifestDigest":"' +
        'ab'.repeat(32) +
        '","name":"io.github.alice/weather","version":"1.0.0"},' +
        '"id":"01890f4e-8b7a-7c3d-9e2f-0123456789ab","index":7,"occurredAt":"2025-06-01T12:34:56.789Z",' +
        '"source":"registry","subject":"io.github.alice/weather","type":"version.published"}',
    );
  });

  it('hashes as SHA-256(0x00 ‖ UTF-8 canonical JSON), lowercase hex', () => {
    const expected = sha256Hex(
      Buffer.concat([Buffer.from([0]), Buffer.from(auditLeafContent(entry), 'utf8')]),
    );
    expect(auditLeafHash(entry)).toBe(expected);
    expect(auditLeafHash(entry)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores envelope fields outside the leaf, such as traceId', () => {
    const withTrace = { ...entry, traceId: 'abc' } as AuditLeafEntry;
    expect(auditLeafContent(withTrace)).toBe(auditLeafContent(entry));
  });

  it('binds the index, so moving an entry changes its hash', () => {
    expect(auditLeafHash({ ...entry, index: 8 })).not.toBe(auditLeafHash(entry));
    expect(auditLeafHash({ ...entry, data: { ...entry.data, version: '1.0.1' } })).not.toBe(
      auditLeafHash(entry),
    );
  });

  it.each([
    ['a negative index', { index: -1 }],
    ['a fractional index', { index: 1.5 }],
    ['a time without milliseconds', { occurredAt: '2025-06-01T12:34:56Z' }],
    ['a time with an offset', { occurredAt: '2025-06-01T14:34:56.789+02:00' }],
    ['an invalid time', { occurredAt: 'yesterday' }],
    ['a non-string actor', { actor: 42 }],
    ['array data', { data: [1, 2] }],
    ['null data', { data: null }],
    ['non-finite numbers in data', { data: { x: Number.POSITIVE_INFINITY } }],
  ])('rejects %s', (_, patch) => {
    expect(() => auditLeafContent({ ...entry, ...patch } as unknown as AuditLeafEntry)).toThrow(
      AuditEntryError,
    );
  });
});
