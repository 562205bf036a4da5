import { int, list, str } from '../args';
import type { Command } from '../context';
import { ExitCode, usageError } from '../errors';
import { readLock } from '../lock';
import { RecommendToolsDocument, type RecommendationContextInput } from '../operations';
import { paintTier, parseTier } from './search';

const OS_NAMES: Partial<Record<NodeJS.Platform, string>> = {
  darwin: 'macos',
  win32: 'windows',
  linux: 'linux',
};

/** Reasons arrive as a JSON scalar (a list of strings); anything else is shown as JSON. */
function reasonsText(reasons: unknown): string {
  if (Array.isArray(reasons))
    return reasons.map((reason) => (typeof reason === 'string' ? reason : JSON.stringify(reason))).join('; ');
  return typeof reasons === 'string' ? reasons : JSON.stringify(reasons);
}

export const recommend: Command = {
  name: 'recommend',
  summary: 'recommend tools for a task, with the servers that provide them and why',
  usage: 'mcpm recommend "<task>" [--tier <min>] [--capability <c>] [--limit <n>]',
  options: {
    tier: { type: 'string', value: '<tier>', description: 'minimum trust tier' },
    capability: {
      type: 'string',
      multiple: true,
      value: '<capability>',
      description: 'a capability the tools must have',
    },
    runtime: {
      type: 'string',
      multiple: true,
      value: '<runtime>',
      description: 'a runtime you have (node, python, docker)',
    },
    limit: { type: 'string', value: '<n>', description: 'at most n tools (default 10)' },
  },
  details: 'Servers already in ./mcps-lock.json are passed as installed, and this OS as the environment.',
  async run(ctx, args) {
    const task = args.positionals.join(' ').trim();
    if (!task) throw usageError('missing task', `usage: ${this.usage}`);
    const installed = Object.keys(readLock(ctx.io.cwd)?.servers ?? {});
    const tier = parseTier(str(args.values, 'tier'));
    const os = OS_NAMES[ctx.io.platform];
    const context: RecommendationContextInput = {
      task,
      limit: int(args.values, 'limit', 10),
      ...(installed.length ? { installedServers: installed } : {}),
      ...(os || list(args.values, 'runtime').length
        ? {
            environment: {
              ...(os ? { os } : {}),
              ...(list(args.values, 'runtime').length ? { runtimes: list(args.values, 'runtime') } : {}),
            },
          }
        : {}),
      ...(list(args.values, 'capability').length
        ? { requiredCapabilities: list(args.values, 'capability') }
        : {}),
      ...(tier ? { minTier: tier } : {}),
    };
    ctx.out.progress('asking for recommendations');
    const { recommendTools } = await ctx.client.execute(RecommendToolsDocument, { context });
    if (recommendTools.degraded)
      ctx.out.warn('one search engine is down: recommendations come from the other one only');
    ctx.out.table(
      ['TOOL', 'SERVER', 'TIER', 'SCORE', 'WHY'],
      recommendTools.recommendations.map((item) => [
        ctx.out.c.bold(item.tool.name),
        item.server.name,
        paintTier(ctx.out, item.server.trust?.tier),
        item.score.toFixed(2),
        reasonsText(item.reasons),
      ]),
    );
    if (recommendTools.recommendations.length === 0) ctx.out.note('no tool fits that task yet');
    else ctx.out.note('install one with `mcpm install <server> --client <client>`');
    ctx.out.result(recommendTools);
    return ExitCode.OK;
  },
};
