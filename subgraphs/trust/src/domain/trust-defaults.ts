import { TrustTier } from '@mcpr/platform';

export type ScanStatusValue = 'PENDING' | 'PASSED' | 'WARNED' | 'FAILED';

export interface TrustSummary {
  tier: TrustTier;
  score: number;
  reasons: string[];
}

export interface ScanSummary {
  status: ScanStatusValue;
  score: number | null;
  findings: { ruleId: string; severity: string; message: string; path: string[] }[];
}

/** A server trust has not evaluated is UNVERIFIED (ARCHITECTURE §6). */
export const UNSEEN_SERVER_TRUST: TrustSummary = {
  tier: TrustTier.UNVERIFIED,
  score: 0,
  reasons: ['Not yet evaluated by the trust service.'],
};

/** A version is PENDING until its scan report is stored. */
export const PENDING_SCAN: ScanSummary = { status: 'PENDING', score: null, findings: [] };
