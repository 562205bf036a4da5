import type { Severity } from './types';

/** Severities from least to most severe. */
export const SEVERITIES: readonly Severity[] = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

const RANK: Record<Severity, number> = { INFO: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

/** 0 (INFO) … 4 (CRITICAL). */
export function severityRank(severity: Severity): number {
  return RANK[severity];
}
