import { parseServerRef, positionals, str } from '../args';
import type { Command } from '../context';
import { CliError, ExitCode, usageError } from '../errors';
import { SetVersionStatusDocument, type VersionStatus } from '../operations';

const STATUSES: Record<string, VersionStatus> = {
  active: 'ACTIVE',
  deprecated: 'DEPRECATED',
  deleted: 'DELETED',
};

export const status: Command = {
  name: 'status',
  summary: 'deprecate, delete or re-activate a published version',
  usage: 'mcpm status <name>@<version> <active|deprecated|deleted> [--message <text>]',
  options: {
    message: {
      type: 'string',
      short: 'm',
      value: '<text>',
      description: 'why (shown to people who install it)',
    },
  },
  details: 'Needs a key with SERVERS_MANAGE covering the server (restoring a deleted version needs ADMIN).',
  async run(ctx, args) {
    const [ref, wanted] = positionals(args, 2, 2, this.usage);
    const { name, version } = parseServerRef(ref!, this.usage);
    if (!version)
      throw usageError(`say which version: ${name}@<version> (or ${name}@latest)`, `usage: ${this.usage}`);
    const statusValue = STATUSES[wanted!.toLowerCase()];
    if (!statusValue)
      throw usageError(`unknown status ${JSON.stringify(wanted)}`, 'use active, deprecated or deleted');
    ctx.client.requireKey();
    const message = str(args.values, 'message');
    const { setVersionStatus } = await ctx.client.execute(SetVersionStatusDocument, {
      input: { name, version, status: statusValue, ...(message !== undefined ? { message } : {}) },
    });
    if (setVersionStatus.userErrors.length > 0 || !setVersionStatus.version) {
      ctx.out.result({ ok: false, userErrors: setVersionStatus.userErrors });
      const notFound = setVersionStatus.userErrors.some((error) => error.code === 'NOT_FOUND');
      throw new CliError(
        setVersionStatus.userErrors.map((error) => error.message).join('; ') ||
          'the registry refused the change',
        ExitCode.PROBLEM,
        notFound ? `check the name and version with \`mcpm info ${name}\`` : undefined,
      );
    }
    const v = setVersionStatus.version;
    ctx.out.print(
      `${name}@${v.version} is now ${v.status.toLowerCase()}${v.statusMessage ? `: ${v.statusMessage}` : ''}`,
    );
    ctx.out.result({ ok: true, name, version: v });
    return ExitCode.OK;
  },
};
