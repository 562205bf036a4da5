import { severityRank } from './severity';
import type { Finding, ScanStatus, Severity } from './types';

/** Points a rule's first finding costs; each further finding of the same rule adds a quarter, up to double. */
export const SEVERITY_WEIGHT: Record<Severity, number> = {
  INFO: 0,
  LOW: 3,
  MEDIUM: 12,
  HIGH: 35,
  CRITICAL: 60,
};

/** Score bands that keep the score consistent with the status. */
export const STATUS_BANDS: Record<ScanStatus, [number, number]> = {
  PASSED: [80, 100],
  WARNED: [50, 79],
  FAILED: [0, 49],
};

/** Contract rule: FAILED on any HIGH/CRITICAL finding, WARNED on any MEDIUM, else PASSED. */
export function statusOf(findings: readonly Pick<Finding, 'severity'>[]): ScanStatus {
  let worst = 0;
  for (const f of findings) worst = Math.max(worst, severityRank(f.severity));
  return worst >= severityRank('HIGH') ? 'FAILED' : worst === severityRank('MEDIUM') ? 'WARNED' : 'PASSED';
}

/**
 * 0–100, higher is safer. The raw score is 100 minus the weighted findings (grouped by rule, so one noisy
 * rule cannot dominate), floored at 0; it is then mapped linearly into the band of the status (PASSED
 * 80–100, WARNED 50–79, FAILED 0–49), so the score never contradicts the status and still orders scans
 * within a status.
 */
export function scoreOf(findings: readonly Pick<Finding, 'severity' | 'ruleId'>[]): number {
  const perRule = new Map<string, { weight: number; count: number }>();
  for (const f of findings) {
    const entry = perRule.get(f.ruleId) ?? { weight: SEVERITY_WEIGHT[f.severity], count: 0 };
    entry.count++;
    perRule.set(f.ruleId, entry);
  }
  let penalty = 0;
  for (const { weight, count } of perRule.values()) penalty += weight * Math.min(2, 1 + 0.25 * (count - 1));
  const raw = Math.max(0, 100 - penalty);
  const [lo, hi] = STATUS_BANDS[statusOf(findings)];
  return Math.round(lo + ((hi - lo) * raw) / 100);
}
