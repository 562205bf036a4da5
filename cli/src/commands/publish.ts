import { relative } from 'node:path';
import { str, bool } from '../args';
import { checkManifest, printCheckReport } from '../check';
import type { Command } from '../context';
import { CliError, ExitCode, usageError } from '../errors';
import { manifestDigestOf } from '../lock';
import { locateManifest, readManifestFile } from '../manifest-file';
import { PublishServerDocument, ViewerDocument } from '../operations';
import { formatPath } from '../output';
import { loadKey, signManifest } from '../signing';

/** True when a namespace pattern (`io.github.acme/*`, or an exact name) covers the server name. */
export function patternCovers(pattern: string, name: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('*')) return name.startsWith(pattern.slice(0, -1));
  return pattern === name;
}

export const publish: Command = {
  name: 'publish',
  summary: 'publish server.json as a new version (optionally signed)',
  usage: 'mcpm publish [file] [--dry-run] [--sign] [--key <name>]',
  options: {
    'dry-run': {
      type: 'boolean',
      description: 'check everything (and the key, when set) but publish nothing',
    },
    sign: { type: 'boolean', description: 'sign with your registered Ed25519 key (`mcpm keys`)' },
    key: {
      type: 'string',
      value: '<name>',
      description: 'the signing key to use (default "default"); implies --sign',
    },
  },
  details:
    'The manifest is validated and scanned locally first; nothing is sent when it has errors. A version\n' +
    'is immutable: publish a new version to change anything. Needs a key with SERVERS_PUBLISH covering\n' +
    'the server name.',
  async run(ctx, args) {
    if (args.positionals.length > 1)
      throw usageError(`unexpected argument ${args.positionals[1]}`, `usage: ${this.usage}`);
    const path = locateManifest(ctx.io.cwd, args.positionals[0]);
    const file = relative(ctx.io.cwd, path) || path;
    const { manifest } = readManifestFile(path);
    const report = checkManifest(manifest, file);
    if (!report.valid) {
      printCheckReport(ctx.out, report);
      ctx.out.result({ published: false, dryRun: bool(args.values, 'dry-run'), errors: report.errors });
      throw new CliError(
        `${file} has ${report.errors.length} validation error(s); nothing was published`,
        ExitCode.PROBLEM,
        'fix them (`mcpm validate` shows them again), then publish',
      );
    }
    if (report.scan.status === 'FAILED') {
      printCheckReport(ctx.out, report, {});
      ctx.out.warn(
        'the scan of this manifest FAILS: consumers using the default policy will not be able to install it',
      );
    }
    for (const warning of report.warnings) ctx.out.warn(`${warning.at}: ${warning.message}`);

    let stored = report.valid.manifest;
    let keyId: string | undefined;
    if (bool(args.values, 'sign') || str(args.values, 'key') !== undefined) {
      const key = loadKey(ctx.config.configDir, str(args.values, 'key') ?? 'default');
      if (!key.keyId) {
        throw usageError(
          `signing key "${key.name}" is not registered with a registry yet`,
          `run \`mcpm keys register --name ${key.name}\` first`,
        );
      }
      if (key.registry && key.registry !== ctx.config.url) {
        ctx.out.warn(`key "${key.name}" was registered with ${key.registry}, not ${ctx.config.url}`);
      }
      stored = signManifest(stored, { privateKey: key.privateKey, keyId: key.keyId });
      keyId = key.keyId;
    }
    const { name, version } = report.valid;
    const digest = manifestDigestOf(stored);

    if (bool(args.values, 'dry-run')) {
      let coverage: string | undefined;
      if (ctx.client.hasKey) {
        ctx.out.progress('checking the API key');
        const { viewer } = await ctx.client.execute(ViewerDocument, {});
        const canPublish = viewer.scopes.includes('SERVERS_PUBLISH') || viewer.scopes.includes('ADMIN');
        const covered =
          viewer.scopes.includes('ADMIN') ||
          viewer.namespaces.some((pattern) => patternCovers(pattern, name));
        if (!canPublish || !covered) {
          throw new CliError(
            `the key of ${viewer.handle} cannot publish ${name} (${!canPublish ? 'no SERVERS_PUBLISH scope' : `namespaces ${viewer.namespaces.join(', ') || 'none'}`})`,
            ExitCode.AUTH,
            'use a key with SERVERS_PUBLISH whose namespaces cover the name, or ask an admin',
          );
        }
        coverage = `key of ${viewer.handle} may publish it`;
      }
      ctx.out.print(`dry run: ${name}@${version} is ready to publish (nothing was sent)`);
      ctx.out.print(`  manifest digest  ${digest}`);
      ctx.out.print(`  tools            ${report.valid.tools.length}`);
      ctx.out.print(`  signed           ${keyId ? `yes (key ${keyId})` : 'no'}`);
      ctx.out.print(`  scan             ${report.scan.status} (score ${report.scan.score})`);
      if (coverage) ctx.out.print(`  registry         ${ctx.config.url}: ${coverage}`);
      else ctx.out.note('no API key is set: publishing for real needs one (`mcpm login`)');
      ctx.out.result({
        published: false,
        dryRun: true,
        name,
        version,
        manifestDigest: digest,
        signed: Boolean(keyId),
        scan: { status: report.scan.status, score: report.scan.score },
      });
      return ExitCode.OK;
    }

    ctx.client.requireKey();
    ctx.out.progress(`publishing ${name}@${version} to ${ctx.config.url}`);
    const { publishServer } = await ctx.client.execute(PublishServerDocument, {
      input: { manifest: stored },
    });
    if (publishServer.userErrors.length > 0 || !publishServer.version) {
      for (const error of publishServer.userErrors) {
        const inManifest = error.path?.[0] === 'manifest' ? error.path.slice(1) : (error.path ?? []);
        ctx.out.error(`${error.code} ${formatPath(inManifest)}: ${error.message}`);
      }
      ctx.out.result({ published: false, dryRun: false, userErrors: publishServer.userErrors });
      const conflict = publishServer.userErrors.some((error) => error.code === 'CONFLICT');
      throw new CliError(
        `the registry refused ${name}@${version}`,
        ExitCode.PROBLEM,
        conflict
          ? 'versions are immutable: raise "version" in the manifest and publish again'
          : 'fix the manifest and publish again',
      );
    }
    const published = publishServer.version;
    if (published.manifestDigest !== digest) {
      ctx.out.warn(
        `the registry stored a different manifest than was sent (digest ${published.manifestDigest}, expected ${digest})`,
      );
    }
    ctx.out.print(
      `${ctx.out.c.green('published')} ${published.server.name}@${published.version}${published.isLatest ? ' (latest)' : ''}`,
    );
    ctx.out.print(`  manifest digest  ${published.manifestDigest}`);
    ctx.out.print(`  tools            ${published.tools.map((tool) => tool.name).join(', ') || 'none'}`);
    if (keyId) ctx.out.print(`  signed with      ${keyId}`);
    ctx.out.result({ published: true, dryRun: false, version: published, signed: Boolean(keyId) });
    return ExitCode.OK;
  },
};
