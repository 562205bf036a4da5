import { SIGNATURE_META_KEY } from '../constants';
import { describePath, type IssueCollector } from '../issues';
import { LIMITS } from '../limits';
import { isObject, own } from '../json';

/** Base64 (standard or URL-safe alphabet, padding optional). */
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
/** An Ed25519 signature is 64 bytes: 86 base64 characters before padding. */
const ED25519_SIGNATURE_BASE64_CHARS = 86;

/**
 * Checks the shape of `_meta["io.mcpr/signature"]` = `{ keyId, alg: "ed25519", sig }`. Verifying it
 * against the publisher's key is the trust subgraph's job.
 */
export function checkSignature(value: unknown, issues: IssueCollector): void {
  const path = ['_meta', SIGNATURE_META_KEY];
  if (!isObject(value)) {
    issues.error(path, `${describePath(path)} must be an object { keyId, alg: "ed25519", sig }`);
    return;
  }
  const at = (field: string) => [...path, field];

  const keyId = own(value, 'keyId');
  if (keyId === undefined) issues.error(at('keyId'), `${describePath(at('keyId'))} is required`);
  else if (
    typeof keyId !== 'string' ||
    keyId.trim() === '' ||
    keyId.length > LIMITS.signatureKeyIdMaxLength
  ) {
    issues.error(
      at('keyId'),
      `${describePath(at('keyId'))} must be a non-empty string of at most ${LIMITS.signatureKeyIdMaxLength} characters`,
    );
  }

  const alg = own(value, 'alg');
  if (alg === undefined) issues.error(at('alg'), `${describePath(at('alg'))} is required`);
  else if (alg !== 'ed25519') issues.error(at('alg'), `${describePath(at('alg'))} must be "ed25519"`);

  const sig = own(value, 'sig');
  if (sig === undefined) issues.error(at('sig'), `${describePath(at('sig'))} is required`);
  else if (
    typeof sig !== 'string' ||
    !BASE64.test(sig) ||
    sig.replace(/=+$/, '').length !== ED25519_SIGNATURE_BASE64_CHARS
  ) {
    issues.error(
      at('sig'),
      `${describePath(at('sig'))} must be the base64 encoding of a 64-byte Ed25519 signature`,
    );
  }
}
