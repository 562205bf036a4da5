import { parseServerRef, positionals } from '../args';
import type { Command } from '../context';
import { CliError, ExitCode } from '../errors';
import { ServerDetailDocument } from '../operations';
import { formatPath } from '../output';
import { paintScan, paintTier } from './search';

export const info: Command = {
  name: 'info',
  summary: 'show a server: versions, trust, scan findings, packages, tools',
  usage: 'mcpm info <name>',
  options: {},
  async run(ctx, args) {
    const [ref] = positionals(args, 1, 1, this.usage);
    const { name } = parseServerRef(ref!, this.usage);
    ctx.out.progress(`fetching ${name}`);
    const { server } = await ctx.client.execute(ServerDetailDocument, { name });
    if (!server) {
      ctx.out.result(null);
      throw new CliError(
        `no server named ${name} in ${ctx.config.url}`,
        ExitCode.PROBLEM,
        `try \`mcpm search ${name.split('/').pop()}\``,
      );
    }
    const { out } = ctx;
    const latest = server.latestVersion;
    out.print(`${out.c.bold(server.name)}${server.title ? ` — ${server.title}` : ''}`);
    out.print(`  ${server.description}`);
    out.print('');
    out.print(
      `  status       ${server.status.toLowerCase()}${latest?.status === 'DEPRECATED' ? out.c.yellow(' (latest version deprecated)') : ''}`,
    );
    out.print(`  latest       ${latest ? `${latest.version} (published ${latest.publishedAt})` : 'none'}`);
    out.print(
      `  trust        ${paintTier(out, server.trust?.tier)}${server.trust ? ` (score ${server.trust.score})` : ''}`,
    );
    for (const reason of server.trust?.reasons ?? []) out.print(`               ${out.c.dim(reason)}`);
    out.print(
      `  scan         ${paintScan(out, latest?.scan?.status)}${latest?.scan?.score != null ? ` (score ${latest.scan.score})` : ''}`,
    );
    for (const finding of latest?.scan?.findings ?? []) {
      out.print(`               ${finding.severity} ${formatPath(finding.path)}: ${finding.message}`);
    }
    out.print(`  installs     ${server.installCount}`);
    if (latest) {
      out.print(`  digest       ${latest.manifestDigest}`);
      for (const pkg of latest.packages) {
        out.print(
          `  package      ${pkg.registryType} ${pkg.identifier}${pkg.version ? `@${pkg.version}` : ''} (${pkg.transport?.type ?? 'stdio'})`,
        );
      }
      for (const remote of latest.remotes) out.print(`  remote       ${remote.type} ${remote.url}`);
      out.print('');
      out.print(out.c.bold(`  tools (${latest.tools.length})`));
      for (const tool of latest.tools) {
        const hints = tool.annotations
          ? Object.entries(tool.annotations)
              .filter(([, value]) => value === true)
              .map(([key]) => key.replace(/Hint$/, ''))
          : [];
        out.print(
          `    ${tool.name}${hints.length ? out.c.dim(` [${hints.join(', ')}]`) : ''}  ${tool.description}`,
        );
      }
    }
    out.print('');
    out.print(out.c.bold('  versions'));
    for (const { node } of server.versions.edges) {
      out.print(
        `    ${node.version.padEnd(14)} ${node.status.toLowerCase().padEnd(10)} ${node.publishedAt}${node.isLatest ? ' (latest)' : ''}`,
      );
    }
    out.result(server);
    return ExitCode.OK;
  },
};
