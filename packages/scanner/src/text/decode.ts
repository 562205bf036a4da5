/**
 * Finds base64, hex, percent-encoded and `\uXXXX`-escaped blobs in a string and decodes each once. Only
 * blobs that decode to readable text are kept, so hashes, ids and images (which decode to binary) drop out.
 */

export type BlobEncoding = 'base64' | 'hex' | 'percent' | 'escapes';

export interface DecodedBlob {
  encoding: BlobEncoding;
  /** UTF-16 index of the blob in the source string. */
  index: number;
  text: string;
}

const BASE64 =
  /(?<![A-Za-z0-9+/_-])(?:[A-Za-z0-9+/]{20,}={0,2}|[A-Za-z0-9_-]{20,}={0,2})(?![A-Za-z0-9+/_=-])/g;
const HEX = /(?<![0-9A-Za-z])(?:[0-9a-fA-F]{2}){10,}(?![0-9A-Za-z])/g;
const PERCENT = /(?:%[0-9a-fA-F]{2}){5,}/g;
const ESCAPES = /(?:\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}){4,}/g;
const MAX_BLOBS = 16;
const MAX_BLOB_CHARS = 16_384;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const READABLE = /[\p{L}\p{N}\p{P}\p{S}\p{Zs}\n\t]/u;
const LETTER = /\p{L}/u;

/** Readable text: valid, ≥ 95% printable, mostly letters, and either several words or CJK text. */
export function looksLikeText(s: string): boolean {
  if (s.length < 8) return false;
  let readable = 0;
  let letters = 0;
  let spaces = 0;
  let cjk = 0;
  for (const ch of s) {
    if (READABLE.test(ch)) readable++;
    if (LETTER.test(ch)) {
      letters++;
      const cp = ch.codePointAt(0)!;
      if (cp >= 0x3040 && cp <= 0x9fff) cjk++;
    }
    if (ch === ' ') spaces++;
  }
  const n = [...s].length;
  return readable / n >= 0.95 && letters / n >= 0.5 && (spaces >= 2 || cjk >= 4);
}

function decodeBytes(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function decodeOne(encoding: BlobEncoding, blob: string): string | undefined {
  switch (encoding) {
    case 'base64': {
      const body = blob.replace(/=+$/, '');
      if (body.length % 4 === 1) return undefined;
      // Mixed case or digits: plain words (even long camelCase ones) rarely decode to text anyway.
      return decodeBytes(Buffer.from(body.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
    }
    case 'hex':
      return decodeBytes(Buffer.from(blob, 'hex'));
    case 'percent':
      try {
        return decodeURIComponent(blob);
      } catch {
        return undefined;
      }
    case 'escapes':
      return blob.replace(
        /\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})/g,
        (_, u: string | undefined, x: string | undefined) => String.fromCharCode(parseInt((u ?? x)!, 16)),
      );
  }
}

const PATTERNS: readonly [BlobEncoding, RegExp][] = [
  ['base64', BASE64],
  ['hex', HEX],
  ['percent', PERCENT],
  ['escapes', ESCAPES],
];

/** The readable blobs of `s`, decoded once (a blob inside a decoded blob is not decoded again). */
export function decodeBlobs(s: string): DecodedBlob[] {
  if (s.length < 20) return [];
  const out: DecodedBlob[] = [];
  for (const [encoding, re] of PATTERNS) {
    if (encoding === 'percent' && !s.includes('%')) continue;
    if (encoding === 'escapes' && !s.includes('\\')) continue;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(s)) !== null && out.length < MAX_BLOBS) {
      const blob = m[0].slice(0, MAX_BLOB_CHARS);
      if (encoding === 'hex' && out.some((b) => b.index === m!.index)) continue;
      const text = decodeOne(encoding, blob);
      if (text !== undefined && looksLikeText(text)) out.push({ encoding, index: m.index, text });
    }
  }
  return out;
}
