import { bool, str } from '../args';
import type { Command } from '../context';
import { ExitCode, usageError } from '../errors';
import { LOCK_FILE, pinsOf, readLock, type LockEntry } from '../lock';
import { TIER_ORDER } from '../operations';
import { loadPolicy } from '../policy';
import { digestMatches, fetchTarget } from './install';
import { vetServer } from './vet';

export interface Finding {
  code: string;
  message: string;
}

export interface ServerVerdict {
  version: string;
  ok: boolean;
  problems: Finding[];
  warnings: Finding[];
}

/** What changed in the tool pins between the lock and the registry's manifest. */
export function pinDrift(locked: LockEntry['tools'], current: Record<string, string>): Finding[] {
  const drift: Finding[] = [];
  for (const [tool, pin] of Object.entries(locked).sort()) {
    if (!(tool in current))
      drift.push({ code: 'TOOL_REMOVED', message: `tool ${tool} is gone from the registry's manifest` });
    else if (current[tool] !== pin)
      drift.push({
        code: 'TOOL_CHANGED',
        message: `tool ${tool} changed (pin ${pin.slice(0, 12)}… → ${current[tool]!.slice(0, 12)}…)`,
      });
  }
  for (const tool of Object.keys(current).sort()) {
    if (!(tool in locked))
      drift.push({ code: 'TOOL_ADDED', message: `tool ${tool} was not there when it was installed` });
  }
  return drift;
}

export const verify: Command = {
  name: 'verify',
  summary: 'check mcps-lock.json against the registry: advisories, tier drops, changed tools',
  usage: 'mcpm verify [--policy <file>] [--no-vet]',
  options: {
    policy: {
      type: 'string',
      value: '<file>',
      description: 'vet policy (default ./mcps-policy.json, else the default policy)',
    },
    'no-vet': {
      type: 'boolean',
      description: 'only compare pins and tiers; skip the vet decision (advisories, scans)',
    },
  },
  details:
    'For each locked server: the version still exists and is not deleted, its manifest digest and tool pins\n' +
    'are the locked ones, its trust tier did not drop, and vet still ALLOWs it under the policy (a new\n' +
    'advisory turns it into a DENY). Exit 1 on any problem; a deprecated version is only a warning.',
  async run(ctx, args) {
    if (args.positionals.length > 0)
      throw usageError(`unexpected argument ${args.positionals[0]}`, `usage: ${this.usage}`);
    const lock = readLock(ctx.io.cwd);
    if (!lock)
      throw usageError(
        `no ${LOCK_FILE} in ${ctx.io.cwd}`,
        'run `mcpm install` first, or run verify in the project folder',
      );
    const loaded = bool(args.values, 'no-vet')
      ? undefined
      : loadPolicy(ctx.io.cwd, str(args.values, 'policy'));
    const verdicts: Record<string, ServerVerdict> = {};

    for (const [name, entry] of Object.entries(lock.servers).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    )) {
      const problems: Finding[] = [];
      const warnings: Finding[] = [];
      const target = await fetchTarget(ctx, name, entry.version);
      if (!target)
        problems.push({
          code: 'VERSION_GONE',
          message: `the registry no longer has ${name}@${entry.version}`,
        });
      else {
        if (target.status === 'DELETED')
          problems.push({
            code: 'VERSION_DELETED',
            message: `${entry.version} was deleted${target.statusMessage ? `: ${target.statusMessage}` : ''}`,
          });
        if (target.status === 'DEPRECATED')
          warnings.push({
            code: 'DEPRECATED',
            message: `${entry.version} is deprecated${target.statusMessage ? `: ${target.statusMessage}` : ''}`,
          });
        if (!digestMatches(target)) {
          problems.push({
            code: 'DIGEST_MISMATCH',
            message: 'the registry served a manifest that does not match its own digest',
          });
        }
        if (target.manifestDigest !== entry.manifestDigest) {
          problems.push({
            code: 'DIGEST_CHANGED',
            message: `manifest digest is ${target.manifestDigest.slice(0, 12)}…, locked ${entry.manifestDigest.slice(0, 12)}…`,
          });
        }
        const pins = pinsOf(target.manifest);
        problems.push(...pinDrift(entry.tools, pins.tools));
        if (pins.toolsetHash !== entry.toolsetHash && !problems.some((p) => p.code.startsWith('TOOL_'))) {
          problems.push({ code: 'TOOLSET_CHANGED', message: 'the toolset hash differs from the locked one' });
        }
        const tier = target.server.trust?.tier;
        if (entry.tier && tier && TIER_ORDER.indexOf(tier) < TIER_ORDER.indexOf(entry.tier)) {
          problems.push({
            code: 'TIER_DROPPED',
            message: `trust tier dropped from ${entry.tier.toLowerCase()} to ${tier.toLowerCase()}`,
          });
        }
        if (loaded && target.status !== 'DELETED') {
          const decision = await vetServer(ctx, name, entry.version, loaded);
          if (decision.decision !== 'ALLOW') {
            problems.push({
              code: 'VET_DENIED',
              message: `vet now DENIES it: ${decision.reasons.map((reason) => `${reason.code}: ${reason.message}`).join('; ') || 'no reason given'}`,
            });
          }
        }
      }
      verdicts[name] = { version: entry.version, ok: problems.length === 0, problems, warnings };
    }

    const { out } = ctx;
    const names = Object.keys(verdicts);
    out.table(
      ['SERVER', 'VERSION', 'RESULT'],
      names.map((name) => {
        const verdict = verdicts[name]!;
        return [
          name,
          verdict.version,
          verdict.ok
            ? verdict.warnings.length
              ? out.c.yellow('ok (warnings)')
              : out.c.green('ok')
            : out.c.red('PROBLEM'),
        ];
      }),
    );
    for (const name of names) {
      for (const item of verdicts[name]!.problems)
        out.print(`  ${out.c.red(item.code)} ${name}: ${item.message}`);
      for (const item of verdicts[name]!.warnings)
        out.print(`  ${out.c.yellow(item.code)} ${name}: ${item.message}`);
    }
    const ok = names.every((name) => verdicts[name]!.ok);
    if (names.length === 0) out.note(`${LOCK_FILE} lists no servers`);
    else if (!ok) out.note('re-install a server to accept its current state, or uninstall it');
    if (!loaded) out.warn('--no-vet: advisories and scans were not checked');
    out.result({ ok, servers: verdicts });
    return ok ? ExitCode.OK : ExitCode.PROBLEM;
  },
};
