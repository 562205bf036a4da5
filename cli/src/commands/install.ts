import { relative } from 'node:path';
import { bool, list, parseServerRef, positionals, str } from '../args';
import { clientById, configPath, writeServerEntry, type ClientWriter } from '../clients';
import type { Command, Context } from '../context';
import { CliError, ExitCode, problem, usageError } from '../errors';
import { launchFor } from '../launch';
import { emptyLock, lockEntryFor, manifestDigestOf, readLock, writeLock } from '../lock';
import { LockTargetDocument, RecordInstallDocument, type LockTargetQuery } from '../operations';
import { loadPolicy } from '../policy';
import { printDecision, vetServer } from './vet';

type Target = NonNullable<LockTargetQuery['serverVersion']>;

/** One version with its manifest and the digest the registry reports for it (null when unknown). */
export async function fetchTarget(ctx: Context, name: string, version: string): Promise<Target | null> {
  ctx.out.progress(`fetching ${name}@${version}`);
  const { serverVersion } = await ctx.client.execute(LockTargetDocument, { name, version });
  return serverVersion;
}

/** True when the served manifest is the one its digest names (an integrity check on the registry). */
export function digestMatches(target: Target): boolean {
  return manifestDigestOf(target.manifest) === target.manifestDigest;
}

/** `--env NAME=value` flags as a map. */
function envValues(values: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of values) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw usageError(`--env needs NAME=value, not ${JSON.stringify(item)}`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

export function requestedClients(
  values: Parameters<typeof list>[0],
  configDir: string | undefined,
): ClientWriter[] {
  const ids = list(values, 'client');
  const clients = ids.length === 0 ? [clientById(undefined)] : [...new Set(ids)].map((id) => clientById(id));
  if (configDir !== undefined && clients.length > 1) {
    throw usageError("--config-dir names one client's folder: install into one client at a time with it");
  }
  return clients;
}

export const install: Command = {
  name: 'install',
  summary: "vet a server, add it to an MCP client's configuration, and pin it in mcps-lock.json",
  usage:
    'mcpm install <name>[@version] --client claude-desktop|vscode|cursor [--config-dir <dir>] [--policy <file>]',
  options: {
    client: {
      type: 'string',
      multiple: true,
      value: '<client>',
      description: 'claude-desktop, vscode or cursor',
    },
    'config-dir': {
      type: 'string',
      value: '<dir>',
      description: "the client's config folder (default: its user folder on this OS)",
    },
    policy: {
      type: 'string',
      value: '<file>',
      description: 'vet policy (default ./mcps-policy.json, else deny on advisories and FAILED scans)',
    },
    env: {
      type: 'string',
      multiple: true,
      value: '<NAME=value>',
      description: 'a value for an environment variable or header the server needs',
    },
    remote: {
      type: 'boolean',
      description: 'connect to the hosted remote even when a package could run locally',
    },
    'no-vet': {
      type: 'boolean',
      description: 'skip the vet decision (offline registries; prints a warning)',
    },
  },
  details:
    'Steps: fetch the version (latest by default) and check its digest, vet it against the policy (DENY →\n' +
    'exit 1, nothing written), write the client entry keyed by the full server name (merged into the\n' +
    'file, which is first copied to <file>.bak), record the install, and pin version, manifest digest and\n' +
    'tool pins in ./mcps-lock.json.',
  async run(ctx, args) {
    const [ref] = positionals(args, 1, 1, this.usage);
    const { name, version: wanted } = parseServerRef(ref!, this.usage);
    const configDir = str(args.values, 'config-dir');
    const clients = requestedClients(args.values, configDir);
    const values = envValues(list(args.values, 'env'));
    const loaded = bool(args.values, 'no-vet')
      ? undefined
      : loadPolicy(ctx.io.cwd, str(args.values, 'policy'));
    const lock = readLock(ctx.io.cwd) ?? emptyLock();

    const target = await fetchTarget(ctx, name, wanted ?? 'latest');
    if (!target) {
      ctx.out.result({ installed: false, reason: 'NOT_FOUND' });
      throw new CliError(
        wanted ? `${name} has no version ${wanted}` : `no server named ${name}`,
        ExitCode.PROBLEM,
        wanted
          ? `see its versions with \`mcpm info ${name}\``
          : `try \`mcpm search ${name.split('/').pop()}\``,
      );
    }
    const version = target.version;
    if (!digestMatches(target)) {
      throw problem(
        `the manifest the registry served for ${name}@${version} does not match its digest ${target.manifestDigest}`,
        'do not install it; report this to the registry operator',
      );
    }
    if (target.status === 'DELETED')
      throw problem(
        `${name}@${version} was deleted by its publisher`,
        `choose another version (\`mcpm info ${name}\`)`,
      );
    if (target.status === 'DEPRECATED') {
      ctx.out.warn(
        `${name}@${version} is deprecated${target.statusMessage ? `: ${target.statusMessage}` : ''}`,
      );
    }

    let decision: Awaited<ReturnType<typeof vetServer>> | undefined;
    if (loaded) {
      decision = await vetServer(ctx, name, version, loaded);
      printDecision(ctx, `${name}@${version}`, decision, loaded);
      if (decision.decision !== 'ALLOW') {
        ctx.out.result({ installed: false, name, version, decision });
        throw new CliError(
          `${name}@${version} is denied by the policy; nothing was installed`,
          ExitCode.PROBLEM,
          'choose another server or version, or change mcps-policy.json if the policy is wrong',
        );
      }
    } else {
      ctx.out.warn(`--no-vet: ${name}@${version} was not checked against advisories, scans or a policy`);
    }

    const { launch, warnings } = launchFor(target.manifest, {
      preferRemote: bool(args.values, 'remote'),
      values,
    });
    const changes = clients.map((client) => {
      const path = configPath(client, ctx.io, configDir);
      const change = writeServerEntry(client, path, name, launch);
      ctx.out.print(
        `${change.changed ? ctx.out.c.green('installed') : 'already installed'} ${name}@${version} in ${client.label} (${change.path})`,
      );
      if (change.backup) ctx.out.note(`  previous file saved as ${change.backup}`);
      if (change.droppedComments)
        ctx.out.warn(`${change.path} had comments, which were not kept (they are in the .bak copy)`);
      return { client: client.id, file: change.path, changed: change.changed, backup: change.backup ?? null };
    });
    ctx.out.note(`  runs ${launch.source}`);
    for (const warning of warnings) ctx.out.warn(warning);

    const previous = lock.servers[name];
    const carried = previous && previous.version === version ? previous.client : [];
    if (
      previous &&
      previous.version !== version &&
      previous.client.some((c) => !clients.some((client) => client.id === c))
    ) {
      const others = previous.client.filter((c) => !clients.some((client) => client.id === c));
      ctx.out.warn(
        `${others.join(', ')} still run ${name}@${previous.version}: install it there too to move them to ${version}`,
      );
    }
    lock.servers[name] = lockEntryFor({
      version,
      manifest: target.manifest,
      tier: target.server.trust?.tier ?? null,
      clients: [...carried, ...clients.map((client) => client.id)],
    });
    const lockFile = writeLock(ctx.io.cwd, lock);
    ctx.out.note(`  pinned in ${relative(ctx.io.cwd, lockFile)}`);

    // Count real installs only: re-running an install that changed nothing is not another one.
    for (const client of clients.filter((c) =>
      changes.some((change) => change.client === c.id && change.changed),
    )) {
      try {
        await ctx.client.execute(RecordInstallDocument, { input: { name, version, client: client.id } });
      } catch (error) {
        ctx.out.warn(`the install was not counted by the registry (${(error as Error).message})`);
      }
    }
    ctx.out.result({
      installed: true,
      name,
      version,
      decision: decision ?? null,
      clients: changes,
      lockFile,
      entry: lock.servers[name],
    });
    return ExitCode.OK;
  },
};
