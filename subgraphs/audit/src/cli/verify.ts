import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { verifyRemoteLog, type RemoteVerifyReport, type VerifierState } from './remote-verifier';

/**
 * `pnpm audit:verify --url <gateway base URL> [--state <file>] [--public-key <base64>] [--api-key <key>]
 * [--samples <n>]`: verifies a running audit log without trusting the server (see remote-verifier.ts).
 * With `--state`, the checkpoint and key of the last good run are kept there, and the next run also
 * proves the log only grew since (consistency). Prints OK or every problem; exits 1 on any problem.
 */

const USAGE =
  'usage: audit:verify --url <gateway base URL> [--state <file>] [--public-key <base64>] ' +
  '[--api-key <key with AUDIT_READ>] [--samples <n>]\n';

export interface VerifyArgs {
  url: string;
  state?: string;
  publicKey?: string;
  apiKey?: string;
  samples?: number;
}

/** Parses the command line; returns a usage message on mistakes. */
export function parseVerifyArgs(argv: readonly string[]): VerifyArgs | { error: string } {
  const args: Partial<VerifyArgs> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!flag.startsWith('--') || value === undefined || value.startsWith('--')) {
      return { error: `unexpected argument ${flag}\n${USAGE}` };
    }
    i += 1;
    if (flag === '--url') args.url = value;
    else if (flag === '--state') args.state = value;
    else if (flag === '--public-key') args.publicKey = value;
    else if (flag === '--api-key') args.apiKey = value;
    else if (flag === '--samples' && /^\d+$/.test(value)) args.samples = Number(value);
    else return { error: `unknown or invalid option ${flag}\n${USAGE}` };
  }
  if (!args.url) return { error: USAGE };
  return args as VerifyArgs;
}

/** Formats a report the way the CLI prints it. */
export function formatReport(url: string, report: RemoteVerifyReport): string {
  const { treeSize, inclusion, entries, consistency } = report.checked;
  const summary = `tree size ${treeSize}: ${inclusion} inclusion proofs, ${entries} entries, ${consistency} consistency proofs`;
  if (report.ok) return `OK ${url} — ${summary}\n`;
  return `FAILED ${url} — ${summary}\n${report.problems.map((problem) => `  - ${problem}\n`).join('')}`;
}

/** Runs the CLI; returns the exit code. */
export async function runVerify(
  argv: readonly string[],
  out = process.stdout,
  err = process.stderr,
): Promise<number> {
  const args = parseVerifyArgs(argv);
  if ('error' in args) {
    err.write(args.error);
    return 2;
  }
  let previous: VerifierState | undefined;
  if (args.state && existsSync(args.state)) {
    try {
      previous = JSON.parse(readFileSync(args.state, 'utf8')) as VerifierState;
    } catch (error) {
      err.write(`cannot read state file ${args.state}: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const report = await verifyRemoteLog({
    url: args.url,
    apiKey: args.apiKey,
    publicKey: args.publicKey,
    previous,
    samples: args.samples,
  });
  out.write(formatReport(args.url, report));
  if (report.ok && report.state && args.state) {
    writeFileSync(args.state, `${JSON.stringify(report.state, null, 2)}\n`);
  }
  return report.ok ? 0 : 1;
}

if (require.main === module) {
  runVerify(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`audit:verify failed: ${String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
