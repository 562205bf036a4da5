import { list, parseServerRef, positionals, str } from '../args';
import { clientById, configPath, removeServerEntry } from '../clients';
import type { Command } from '../context';
import { ExitCode, problem, usageError } from '../errors';
import { readLock, writeLock } from '../lock';

export const uninstall: Command = {
  name: 'uninstall',
  summary: 'remove a server from MCP client configurations and from mcps-lock.json',
  usage: 'mcpm uninstall <name> [--client <client>] [--config-dir <dir>]',
  options: {
    client: {
      type: 'string',
      multiple: true,
      value: '<client>',
      description: 'only this client (default: every client the lock lists)',
    },
    'config-dir': {
      type: 'string',
      value: '<dir>',
      description: "the client's config folder (default: its user folder on this OS)",
    },
  },
  async run(ctx, args) {
    const [ref] = positionals(args, 1, 1, this.usage);
    const { name, version } = parseServerRef(ref!, this.usage);
    if (version)
      throw usageError('uninstall takes a server name without a version', `mcpm uninstall ${name}`);
    const configDir = str(args.values, 'config-dir');
    const lock = readLock(ctx.io.cwd);
    const entry = lock?.servers[name];
    const ids = list(args.values, 'client').length ? list(args.values, 'client') : (entry?.client ?? []);
    if (ids.length === 0) {
      throw usageError(
        `${name} is not in mcps-lock.json here`,
        'say which client to remove it from with --client',
      );
    }
    const clients = [...new Set(ids)].map((id) => clientById(id));
    if (configDir !== undefined && clients.length > 1) {
      throw usageError(
        "--config-dir names one client's folder: uninstall from one client at a time with it",
        `add --client ${clients[0]!.id}`,
      );
    }

    const results = clients.map((client) => {
      const change = removeServerEntry(client, configPath(client, ctx.io, configDir), name);
      if (change.changed) ctx.out.print(`removed ${name} from ${client.label} (${change.path})`);
      else ctx.out.note(`${name} was not in ${change.path}`);
      if (change.backup) ctx.out.note(`  previous file saved as ${change.backup}`);
      return { client: client.id, file: change.path, removed: change.changed, backup: change.backup ?? null };
    });

    let lockChanged = false;
    if (lock && entry) {
      const remaining = entry.client.filter((id) => !clients.some((client) => client.id === id));
      if (remaining.length === 0) delete lock.servers[name];
      else lock.servers[name] = { ...entry, client: remaining };
      writeLock(ctx.io.cwd, lock);
      lockChanged = true;
      ctx.out.note(
        remaining.length
          ? `  mcps-lock.json keeps ${name} for ${remaining.join(', ')}`
          : `  removed ${name} from mcps-lock.json`,
      );
    }
    ctx.out.result({ name, clients: results, lockChanged });
    if (!lockChanged && !results.some((result) => result.removed)) {
      throw problem(`${name} was not installed in ${clients.map((client) => client.label).join(', ')}`);
    }
    return ExitCode.OK;
  },
};
