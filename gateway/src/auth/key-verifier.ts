import { Agent, request as undiciRequest } from 'undici';
import { INTERNAL_TOKEN_HEADER, internalServiceToken, type KeyPrincipal } from '@mcpr/platform';

export type KeyVerdict = { ok: true; principal: KeyPrincipal } | { ok: false; reason: string };

export interface KeyVerifier {
  verify(key: string): Promise<KeyVerdict>;
  /** Forget a key at once (e.g. on `apikey.revoked`). */
  invalidate(keyId?: string): void;
}

interface CacheEntry {
  verdict: KeyVerdict;
  expiresAt: number;
}

/** Longest wait for the registry's key lookup. */
const KEY_LOOKUP_TIMEOUT_MS = 8_000;

/**
 * Verifies API keys through the registry's internal, token-protected endpoint. Verdicts are cached for at
 * most `ttlMs` (≤ 2 s), which bounds how long a revoked key keeps working; the cache is keyed by the
 * key itself and bounded in size.
 */
export class RegistryKeyVerifier implements KeyVerifier {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Promise<KeyVerdict>>();
  private readonly internalToken: string;

  constructor(
    private readonly registryBaseUrl: string,
    secret: string,
    private readonly agent: Agent,
    private readonly ttlMs = 2000,
    private readonly maxEntries = 10_000,
  ) {
    this.internalToken = internalServiceToken(secret);
  }

  async verify(key: string): Promise<KeyVerdict> {
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > now) return cached.verdict;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const lookup = this.lookup(key).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, lookup);
    const verdict = await lookup;
    if (this.ttlMs > 0) {
      if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, { verdict, expiresAt: Date.now() + this.ttlMs });
    }
    return verdict;
  }

  invalidate(keyId?: string): void {
    if (!keyId) return this.cache.clear();
    for (const [key, entry] of this.cache) {
      if (entry.verdict.ok && entry.verdict.principal.keyId === keyId) this.cache.delete(key);
    }
  }

  private async lookup(key: string): Promise<KeyVerdict> {
    const response = await undiciRequest(`${this.registryBaseUrl}/internal/keys/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: this.internalToken },
      body: JSON.stringify({ key }),
      dispatcher: this.agent,
      // A hung registry must fail the key check (UNAVAILABLE), not hold every keyed request.
      headersTimeout: KEY_LOOKUP_TIMEOUT_MS,
      bodyTimeout: KEY_LOOKUP_TIMEOUT_MS,
    });
    const body = (await response.body.json()) as KeyVerdict;
    if (response.statusCode !== 200) throw new Error(`key lookup failed with HTTP ${response.statusCode}`);
    return body;
  }
}
