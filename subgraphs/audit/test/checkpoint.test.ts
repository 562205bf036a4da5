import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import {
  CheckpointFormatError,
  createCheckpoint,
  DEFAULT_CHECKPOINT_ORIGIN,
  exportSigningKey,
  formatCheckpointNote,
  generateSigningKey,
  keyId,
  loadSigningKey,
  parseNote,
  publicKeyBase64,
  publicKeyFromBase64,
  signCheckpoint,
  SigningKeyError,
  verifyCheckpoint,
} from '../src/domain';

// RFC 8032 §7.1, TEST 1: Ed25519 secret key (seed), its public key and the signature of the empty message.
const RFC8032 = {
  seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
  publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
  signature:
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155' +
    '5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
};
const b64 = (hexText: string) => Buffer.from(hexText, 'hex').toString('base64');

// Root of the 8-leaf RFC 6962 reference tree; base64 computed independently of the code under test.
const ROOT8 = '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328';
const NOTE8 = 'example.com/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n';

describe('checkpoint note', () => {
  it('is origin, decimal size and padded base64 root, each ending in a newline', () => {
    expect(formatCheckpointNote({ origin: 'example.com/log', treeSize: 8, rootHash: ROOT8 })).toBe(NOTE8);
    expect(formatCheckpointNote({ treeSize: 0, rootHash: Buffer.alloc(32) })).toBe(
      `${DEFAULT_CHECKPOINT_ORIGIN}\n0\n${'A'.repeat(43)}=\n`,
    );
    expect(DEFAULT_CHECKPOINT_ORIGIN).toBe('mcp-registry.local/audit');
  });

  it('parses back to its fields', () => {
    expect(parseNote(NOTE8)).toEqual({ origin: 'example.com/log', treeSize: 8, rootHash: ROOT8 });
  });

  it('round-trips any valid fields', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9.\-/]{1,40}$/),
        fc.nat({ max: Number.MAX_SAFE_INTEGER }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (origin, treeSize, root) => {
          const rootHash = Buffer.from(root).toString('hex');
          expect(parseNote(formatCheckpointNote({ origin, treeSize, rootHash }))).toEqual({
            origin,
            treeSize,
            rootHash,
          });
        },
      ),
    );
  });

  const root = 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=';
  it.each([
    ['no trailing newline', `o\n8\n${root}`],
    ['an extension line', `o\n8\n${root}\nextra\n`],
    ['an empty extra line', `o\n8\n${root}\n\n`],
    ['CRLF line ends', `o\r\n8\r\n${root}\r\n`],
    ['an empty origin', `\n8\n${root}\n`],
    ['a space in the origin', `my log\n8\n${root}\n`],
    ['a plus in the origin', `a+b\n8\n${root}\n`],
    ['a leading zero', `o\n08\n${root}\n`],
    ['a sign', `o\n+8\n${root}\n`],
    ['a negative size', `o\n-1\n${root}\n`],
    ['a size beyond 2^53', `o\n9007199254740993\n${root}\n`],
    ['an empty size', `o\n\n${root}\n`],
    ['unpadded base64', `o\n8\n${root.slice(0, -1)}\n`],
    ['URL-safe base64', `o\n8\n${root.replace('+', '-').replace('/', '_')}\n`],
    ['non-canonical trailing bits', `o\n8\n${root.slice(0, -2)}h=\n`],
    ['a 31-byte root', `o\n8\n${Buffer.alloc(31).toString('base64')}\n`],
    ['a hex root', `o\n8\n${ROOT8}\n`],
  ])('rejects a note with %s', (_, note) => {
    expect(() => parseNote(note)).toThrow(CheckpointFormatError);
  });

  it('refuses to format invalid fields', () => {
    expect(() => formatCheckpointNote({ origin: 'a b', treeSize: 1, rootHash: ROOT8 })).toThrow(
      CheckpointFormatError,
    );
    expect(() => formatCheckpointNote({ treeSize: -1, rootHash: ROOT8 })).toThrow(CheckpointFormatError);
    expect(() => formatCheckpointNote({ treeSize: 1.5, rootHash: ROOT8 })).toThrow(CheckpointFormatError);
    expect(() => formatCheckpointNote({ treeSize: 1, rootHash: ROOT8.toUpperCase() })).toThrow(
      CheckpointFormatError,
    );
    expect(() => formatCheckpointNote({ treeSize: 1, rootHash: Buffer.alloc(31) })).toThrow(
      CheckpointFormatError,
    );
  });
});

describe('Ed25519 checkpoint keys', () => {
  it('loads the AUDIT_SIGNING_KEY seed format (RFC 8032 test 1)', () => {
    const key = loadSigningKey(b64(RFC8032.seed));
    expect(publicKeyBase64(key)).toBe(b64(RFC8032.publicKey));
    expect(sign(null, Buffer.alloc(0), key).toString('hex')).toBe(RFC8032.signature);
    expect(exportSigningKey(key)).toBe(b64(RFC8032.seed));
  });

  it('round-trips generated keys through the seed format and PEM', () => {
    const key = generateSigningKey();
    const seed = exportSigningKey(key);
    expect(Buffer.from(seed, 'base64')).toHaveLength(32);
    expect(exportSigningKey(loadSigningKey(seed))).toBe(seed);
    expect(exportSigningKey(loadSigningKey(`${seed}\n`))).toBe(seed);
    const pem = key.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(exportSigningKey(loadSigningKey(pem))).toBe(seed);
    expect(publicKeyBase64(publicKeyFromBase64(publicKeyBase64(key)))).toBe(publicKeyBase64(key));
  });

  it.each([
    ['a short seed', Buffer.alloc(31).toString('base64')],
    ['a long seed', Buffer.alloc(33).toString('base64')],
    ['hex', RFC8032.seed],
    ['garbage', 'not a key'],
    ['a broken PEM', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'],
    [
      'a P-256 PEM',
      generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ format: 'pem', type: 'pkcs8' })
        .toString(),
    ],
  ])('rejects %s without echoing it', (_, value) => {
    let error: unknown;
    try {
      loadSigningKey(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SigningKeyError);
    expect((error as Error).message).not.toContain(value.trim());
  });

  it('derives a short stable key id from the raw public key', () => {
    const key = loadSigningKey(b64(RFC8032.seed));
    const expected = createHash('sha256')
      .update(Buffer.from(RFC8032.publicKey, 'hex'))
      .digest('hex')
      .slice(0, 16);
    expect(keyId(b64(RFC8032.publicKey))).toBe(expected);
    expect(keyId(Buffer.from(RFC8032.publicKey, 'hex'))).toBe(expected);
    expect(keyId(key)).toBe(expected);
    expect(keyId(publicKeyFromBase64(b64(RFC8032.publicKey)))).toBe(expected);
    expect(() => keyId('AAAA')).toThrow(SigningKeyError);
  });
});

describe('signed checkpoints', () => {
  const key = generateSigningKey();
  const publicKey = publicKeyBase64(key);

  it('sign and verify round-trip; the signature is 64 raw bytes in base64', () => {
    const signature = signCheckpoint(NOTE8, key);
    expect(Buffer.from(signature, 'base64')).toHaveLength(64);
    expect(verifyCheckpoint(NOTE8, signature, publicKey)).toBe(true);
  });

  it('fails for a tampered note, signature or key', () => {
    const signature = signCheckpoint(NOTE8, key);
    expect(verifyCheckpoint(NOTE8.replace('\n8\n', '\n9\n'), signature, publicKey)).toBe(false);
    expect(verifyCheckpoint(NOTE8.replace('example', 'exampla'), signature, publicKey)).toBe(false);
    expect(verifyCheckpoint(NOTE8.slice(0, -1), signature, publicKey)).toBe(false);
    const flipped = Buffer.from(signature, 'base64');
    flipped[10] ^= 1;
    expect(verifyCheckpoint(NOTE8, flipped.toString('base64'), publicKey)).toBe(false);
    expect(verifyCheckpoint(NOTE8, signature, publicKeyBase64(generateSigningKey()))).toBe(false);
  });

  it('returns false, never throws, for malformed signatures and keys', () => {
    const signature = signCheckpoint(NOTE8, key);
    expect(verifyCheckpoint(NOTE8, signature.slice(0, -2), publicKey)).toBe(false);
    expect(verifyCheckpoint(NOTE8, '', publicKey)).toBe(false);
    expect(verifyCheckpoint(NOTE8, signature, 'AAAA')).toBe(false);
    expect(verifyCheckpoint(NOTE8, signature, '')).toBe(false);
  });

  it('refuses to sign anything but a well-formed note', () => {
    expect(() => signCheckpoint('hello', key)).toThrow(CheckpointFormatError);
    expect(() => signCheckpoint(NOTE8, generateKeyPairSync('ed25519').publicKey)).toThrow(SigningKeyError);
  });

  it('creates a checkpoint whose fields are those of its signed note', () => {
    const checkpoint = createCheckpoint({ origin: 'example.com/log', treeSize: 8, rootHash: ROOT8, key });
    expect(checkpoint).toEqual({
      origin: 'example.com/log',
      treeSize: 8,
      rootHash: ROOT8,
      note: NOTE8,
      signature: expect.any(String),
      keyId: keyId(publicKey),
    });
    expect(verifyCheckpoint(checkpoint.note, checkpoint.signature, publicKey)).toBe(true);
  });
});
