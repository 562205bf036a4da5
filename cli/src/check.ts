import { validateManifest, type ValidManifest } from '@mcpr/manifest';
import { scanManifest, type Finding, type ScanStatus } from '@mcpr/scanner';
import { formatPath, visibleLength, type Output } from './output';

/** One problem with its JSON path (segments, and the printable form). */
export interface PathProblem {
  path: string[];
  at: string;
  message: string;
}

export interface CheckReport {
  file: string;
  /** No validation error and no HIGH/CRITICAL finding. */
  ok: boolean;
  errors: PathProblem[];
  warnings: PathProblem[];
  scan: { status: ScanStatus; score: number; findings: (Finding & { at: string })[] };
  /** The manifest as the registry will store it, when valid. */
  valid?: ValidManifest;
}

const withAt = <T extends { path: string[] }>(item: T) => ({ ...item, at: formatPath(item.path) });

/**
 * The registry's own validation (@mcpr/manifest) and the trust subgraph's scanner (@mcpr/scanner), run
 * offline on one manifest: the same verdicts publishing would get.
 */
export function checkManifest(manifest: unknown, file: string): CheckReport {
  const validation = validateManifest(manifest);
  const scan = scanManifest(manifest);
  const errors = validation.ok ? [] : validation.errors.map(({ path, message }) => withAt({ path, message }));
  const warnings = validation.warnings.map(({ path, message }) => withAt({ path, message }));
  return {
    file,
    ok: validation.ok && scan.status !== 'FAILED',
    errors,
    warnings,
    scan: { status: scan.status, score: scan.score, findings: scan.findings.map(withAt) },
    ...(validation.ok ? { valid: validation.value } : {}),
  };
}

function severityColour(out: Output, severity: string): string {
  if (severity === 'CRITICAL' || severity === 'HIGH') return out.c.red(severity);
  if (severity === 'MEDIUM') return out.c.yellow(severity);
  return out.c.dim(severity);
}

/** Every problem, one per line: kind, JSON path, message. */
export function printCheckReport(out: Output, report: CheckReport, options: { scan?: boolean } = {}): void {
  // The registry's messages start with the path; the path has its own column here.
  const bare = (item: PathProblem) =>
    item.message.startsWith(`${item.at} `) ? item.message.slice(item.at.length + 1) : item.message;
  const rows: string[][] = [
    ...report.errors.map((e) => [out.c.red('error'), e.at, bare(e)]),
    ...report.warnings.map((w) => [out.c.yellow('warning'), w.at, bare(w)]),
  ];
  if (options.scan !== false) {
    for (const finding of report.scan.findings) {
      rows.push([
        severityColour(out, finding.severity),
        finding.at,
        `${finding.message} (${finding.ruleId})`,
      ]);
    }
  }
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const scanText =
    report.scan.status === 'FAILED'
      ? out.c.red(`scan FAILED (score ${report.scan.score})`)
      : report.scan.status === 'WARNED'
        ? out.c.yellow(`scan WARNED (score ${report.scan.score})`)
        : out.c.green(`scan PASSED (score ${report.scan.score})`);
  out.print(
    `${report.file}: ${report.errors.length ? out.c.red(count(report.errors.length, 'error')) : '0 errors'}, ` +
      `${count(report.warnings.length, 'warning')}, ${scanText}`,
  );
  const width = Math.max(0, ...rows.map((row) => row[1]!.length));
  const kindWidth = 8;
  for (const [kind, at, message] of rows) {
    const padding = ' '.repeat(Math.max(1, kindWidth - visibleLength(kind!) + 1));
    out.print(`  ${kind}${padding}${at!.padEnd(width)}  ${message}`);
  }
}

/** A report for `--json`: plain data, paths as segments and as text. */
export function checkReportJson(report: CheckReport) {
  return {
    file: report.file,
    ok: report.ok,
    errors: report.errors,
    warnings: report.warnings,
    scan: report.scan,
  };
}
