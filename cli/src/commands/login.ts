import { bool, str } from '../args';
import { apiKeyProblem, keyPrefix } from '../api-key';
import { RegistryClient } from '../client';
import { CONFIG_FILE, removeStoredConfig, readStoredConfig, writeStoredConfig } from '../config';
import type { Command } from '../context';
import { CliError, ExitCode, usageError } from '../errors';
import { ViewerDocument } from '../operations';
import { ask, canPrompt, readAll } from '../prompt';
import { join } from 'node:path';

export const login: Command = {
  name: 'login',
  summary: 'check an API key against the registry and store it (mode 600) for later commands',
  usage: 'mcpm login [--api-key <key> | --with-token] [--url <url>]',
  options: {
    'with-token': {
      type: 'boolean',
      description: 'read the key from stdin (e.g. `echo $KEY | mcpm login --with-token`)',
    },
  },
  details:
    'The key comes from --api-key, --with-token, MCPR_API_KEY, or a prompt when stdin is a terminal. It is\n' +
    'checked with the `viewer` query, then stored with the registry URL in the config folder\n' +
    '(~/.config/mcpm/config.json; %APPDATA%\\mcpm on Windows; MCPM_CONFIG_DIR overrides).',
  async run(ctx, args) {
    let key = str(args.values, 'api-key');
    if (key === undefined && bool(args.values, 'with-token')) key = (await readAll(ctx.io.stdin)).trim();
    if (key === undefined && ctx.io.env.MCPR_API_KEY) key = ctx.io.env.MCPR_API_KEY.trim();
    if (key === undefined) {
      if (!canPrompt(ctx.io)) {
        throw usageError(
          'no API key given and stdin is not a terminal',
          'pass --api-key <key>, pipe it with --with-token, or set MCPR_API_KEY',
        );
      }
      key = await ask(ctx.io, `API key for ${ctx.config.url}`, { secret: true });
    }
    const reason = apiKeyProblem(key);
    if (reason) {
      throw new CliError(
        `that is not an MCP Registry API key: ${reason}`,
        ExitCode.AUTH,
        'copy the key again: it looks like mcpr_ followed by 36 letters and digits',
      );
    }
    const config = { ...ctx.config, apiKey: key, apiKeySource: 'flag' as const };
    const client = new RegistryClient({ config, userAgent: `mcpm/${ctx.version}` });
    try {
      ctx.out.progress(`checking the key with ${config.url}`);
      const { viewer } = await client.execute(ViewerDocument, {});
      const path = writeStoredConfig(config.configDir, {
        ...readStoredConfig(config.configDir),
        url: config.url,
        apiKey: key,
      });
      ctx.out.print(`logged in to ${config.url} as ${ctx.out.c.bold(viewer.handle)} (key ${keyPrefix(key)})`);
      ctx.out.print(`  scopes      ${viewer.scopes.join(', ') || 'none'}`);
      ctx.out.print(`  namespaces  ${viewer.namespaces.join(', ') || 'none'}`);
      if (viewer.expiresAt) ctx.out.print(`  expires     ${viewer.expiresAt}`);
      ctx.out.note(`stored in ${path} (readable only by you)`);
      ctx.out.result({
        url: config.url,
        handle: viewer.handle,
        keyId: viewer.keyId,
        scopes: viewer.scopes,
        namespaces: viewer.namespaces,
        expiresAt: viewer.expiresAt,
        configFile: path,
      });
      return ExitCode.OK;
    } finally {
      await client.close();
    }
  },
};

export const logout: Command = {
  name: 'logout',
  summary: 'forget the stored API key',
  usage: 'mcpm logout',
  options: {},
  async run(ctx) {
    const { configDir } = ctx.config;
    const stored = readStoredConfig(configDir);
    removeStoredConfig(configDir);
    if (stored.url) writeStoredConfig(configDir, { url: stored.url });
    const path = join(configDir, CONFIG_FILE);
    ctx.out.print(stored.apiKey ? `removed the stored key from ${path}` : 'no key was stored');
    if (ctx.io.env.MCPR_API_KEY) ctx.out.warn('MCPR_API_KEY is still set in this environment');
    ctx.out.result({ removed: Boolean(stored.apiKey) });
    return ExitCode.OK;
  },
};

export const whoami: Command = {
  name: 'whoami',
  summary: 'show the account, scopes and namespaces of the current key',
  usage: 'mcpm whoami',
  options: {},
  async run(ctx) {
    ctx.client.requireKey();
    const { viewer } = await ctx.client.execute(ViewerDocument, {});
    ctx.out.print(`${ctx.out.c.bold(viewer.handle)} at ${ctx.config.url}`);
    ctx.out.print(`  key         ${viewer.keyId}`);
    ctx.out.print(`  scopes      ${viewer.scopes.join(', ') || 'none'}`);
    ctx.out.print(`  namespaces  ${viewer.namespaces.join(', ') || 'none'}`);
    if (viewer.expiresAt) ctx.out.print(`  expires     ${viewer.expiresAt}`);
    ctx.out.result({ url: ctx.config.url, ...viewer });
    return ExitCode.OK;
  },
};
