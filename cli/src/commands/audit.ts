import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { verifyRemoteLog, type VerifierState } from '@mcpr/audit/cli/remote-verifier';
import { bool, int, str } from '../args';
import { writePrivateFile } from '../config';
import type { Command } from '../context';
import { ExitCode, usageError } from '../errors';

const USAGE = 'mcpm audit verify [--state <file>] [--public-key <base64>] [--samples <n>] [--entries]';

/** Verifier state for several registries, keyed by URL (the default state file). */
type StateFile = Record<string, VerifierState>;

function readStateFile(path: string): StateFile {
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as StateFile;
  } catch (error) {
    throw usageError(
      `cannot read ${path}: ${(error as Error).message}`,
      'delete it to start over (the next run trusts the served key again)',
    );
  }
}

export const audit: Command = {
  name: 'audit',
  summary: "verify the registry's tamper-evident audit log offline (signature, inclusion, consistency)",
  usage: USAGE,
  options: {
    state: {
      type: 'string',
      value: '<file>',
      description:
        'where the pinned key and last checkpoint are kept (default <config dir>/audit-state.json)',
    },
    'public-key': {
      type: 'string',
      value: '<base64>',
      description: 'the checkpoint key to trust (default: the pinned one, else the served one)',
    },
    samples: {
      type: 'string',
      value: '<n>',
      description: 'random entries whose inclusion is proven (default 8)',
    },
    entries: {
      type: 'boolean',
      description: 'also read entries and recompute their leaf hashes (needs AUDIT_READ)',
    },
  },
  details:
    'Fetches the signed checkpoint, inclusion proofs of sampled entries and a consistency proof from the\n' +
    'checkpoint seen last time, and checks them here, trusting nothing but the pinned public key. The first\n' +
    'run pins the served key (trust on first use). Exit 1 when anything does not verify.',
  async run(ctx, args) {
    const [action, ...rest] = args.positionals;
    if (action !== 'verify' || rest.length > 0)
      throw usageError(
        action === undefined ? 'missing audit action' : `unknown audit action ${JSON.stringify(action)}`,
        `usage: ${USAGE}`,
      );
    const { url, apiKey, configDir } = ctx.config;
    const explicit = str(args.values, 'state');
    const statePath =
      explicit !== undefined ? resolve(ctx.io.cwd, explicit) : join(configDir, 'audit-state.json');
    // An explicit --state file holds one registry's state (as `pnpm audit:verify --state` writes it).
    const all = explicit !== undefined ? undefined : readStateFile(statePath);
    const previous = all
      ? all[url]
      : existsSync(statePath)
        ? (readStateFile(statePath) as unknown as VerifierState)
        : undefined;
    const readEntries = bool(args.values, 'entries');
    if (readEntries && !apiKey)
      throw usageError('--entries needs an API key with AUDIT_READ', 'run `mcpm login` or set MCPR_API_KEY');
    const publicKey = str(args.values, 'public-key');

    ctx.out.progress(`verifying the audit log of ${url}`);
    const report = await verifyRemoteLog({
      url,
      readEntries,
      ...(readEntries && apiKey ? { apiKey } : {}),
      ...(publicKey ? { publicKey } : {}),
      ...(previous ? { previous } : {}),
      samples: int(args.values, 'samples', 8, 1000),
    });
    const { treeSize, inclusion, entries, consistency } = report.checked;
    const summary = `tree size ${treeSize}: ${inclusion} inclusion proofs, ${entries} entries, ${consistency} consistency proofs`;
    if (report.ok && report.state) {
      if (all) writePrivateFile(statePath, `${JSON.stringify({ ...all, [url]: report.state }, null, 2)}\n`);
      else writePrivateFile(statePath, `${JSON.stringify(report.state, null, 2)}\n`);
      ctx.out.print(`${ctx.out.c.green('OK')} ${url} — ${summary}`);
      ctx.out.note(
        previous
          ? `consistent with the checkpoint seen last time (size ${previous.checkpoint.treeSize})`
          : `first run: pinned key ${report.state.publicKey} in ${statePath}`,
      );
    } else {
      ctx.out.print(`${ctx.out.c.red('FAILED')} ${url} — ${summary}`);
      for (const item of report.problems) ctx.out.print(`  - ${item}`);
    }
    ctx.out.result({
      url,
      ok: report.ok,
      checked: report.checked,
      problems: report.problems,
      stateFile: statePath,
    });
    if (report.ok) return ExitCode.OK;
    // No checkpoint could even be fetched: the registry is unreachable rather than inconsistent.
    const unreachable =
      treeSize === 0 && report.problems.every((item) => /request to .* failed|no data/.test(item));
    return unreachable ? ExitCode.UNAVAILABLE : ExitCode.PROBLEM;
  },
};
