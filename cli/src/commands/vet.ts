import { parseServerRef, positionals, str } from '../args';
import type { Command, Context } from '../context';
import { ExitCode } from '../errors';
import { VetDocument, type VetQuery } from '../operations';
import { loadPolicy, type LoadedPolicy } from '../policy';

/** Asks the registry for a vet decision on one server version under a policy. */
export async function vetServer(
  ctx: Context,
  name: string,
  version: string | undefined,
  loaded: LoadedPolicy,
): Promise<VetQuery['vet']> {
  ctx.out.progress(`vetting ${name}${version ? `@${version}` : ''}`);
  const { vet } = await ctx.client.execute(VetDocument, {
    name,
    version: version ?? null,
    policy: loaded.policy,
  });
  return vet;
}

export function printDecision(
  ctx: Context,
  subject: string,
  decision: VetQuery['vet'],
  loaded: LoadedPolicy,
): void {
  const { out } = ctx;
  const word = decision.decision === 'ALLOW' ? out.c.green('ALLOW') : out.c.red('DENY');
  out.print(
    `${word} ${subject} ${out.c.dim(`(policy: ${loaded.file ?? 'default — deny on an affecting advisory or a FAILED scan'})`)}`,
  );
  for (const reason of decision.reasons) out.print(`  ${reason.code}: ${reason.message}`);
}

export const vet: Command = {
  name: 'vet',
  summary: "ask the registry's trust service whether a server version passes your policy",
  usage: 'mcpm vet <name>[@version] [--policy <file>]',
  options: {
    policy: {
      type: 'string',
      value: '<file>',
      description: 'policy file (default ./mcps-policy.json, else the default policy)',
    },
  },
  details:
    'A policy file holds the contract VetPolicyInput: { "minTier", "maxFindingSeverity",\n' +
    '"forbidPermissions", "requireSignature", "allowNamespaces" }. Exit 0 on ALLOW, 1 on DENY.',
  async run(ctx, args) {
    const [ref] = positionals(args, 1, 1, this.usage);
    const { name, version } = parseServerRef(ref!, this.usage);
    const loaded = loadPolicy(ctx.io.cwd, str(args.values, 'policy'));
    const decision = await vetServer(ctx, name, version, loaded);
    printDecision(ctx, `${name}${version ? `@${version}` : ''}`, decision, loaded);
    ctx.out.result({
      name,
      version: version ?? null,
      policy: loaded.policy,
      policyFile: loaded.file ?? null,
      ...decision,
    });
    return decision.decision === 'ALLOW' ? ExitCode.OK : ExitCode.PROBLEM;
  },
};
