import { bool, str } from '../args';
import type { Command } from '../context';
import { CliError, ExitCode, usageError } from '../errors';
import { RegisterPublisherKeyDocument } from '../operations';
import { generateSigningKey, keyExists, keysDir, listKeys, loadKey, saveKey } from '../signing';

const USAGE = 'mcpm keys generate|register|list [--name <name>] [--force]';

export const keys: Command = {
  name: 'keys',
  summary: 'manage Ed25519 signing keys: generate, register with the registry, list',
  usage: USAGE,
  options: {
    name: { type: 'string', value: '<name>', description: 'key name (default "default")' },
    force: { type: 'boolean', description: 'generate: replace an existing key of that name' },
  },
  details:
    '  generate   create a key pair in <config dir>/keys/<name>.json (mode 600)\n' +
    '  register   send its public key to the registry (registerPublisherKey); the returned id becomes\n' +
    '             the keyId of your signatures (`mcpm publish --sign`)\n' +
    '  list       show local keys and whether they are registered',
  async run(ctx, args) {
    const [action, ...rest] = args.positionals;
    if (rest.length > 0) throw usageError(`unexpected argument ${rest[0]}`, `usage: ${USAGE}`);
    const { configDir } = ctx.config;
    const name = str(args.values, 'name') ?? 'default';
    switch (action) {
      case 'generate': {
        if (keyExists(configDir, name) && !bool(args.values, 'force')) {
          throw usageError(
            `a key named "${name}" exists already`,
            'pass --force to replace it (signatures made with it stay valid only if it stays registered), or choose --name',
          );
        }
        const key = generateSigningKey(name);
        const path = saveKey(configDir, key);
        ctx.out.print(`generated Ed25519 key "${name}"`);
        ctx.out.print(`  public key   ${key.publicKey}`);
        ctx.out.print(`  fingerprint  ${key.fingerprint}`);
        ctx.out.note(
          `private key in ${path} (readable only by you); next: \`mcpm keys register${name === 'default' ? '' : ` --name ${name}`}\``,
        );
        ctx.out.result({ name, publicKey: key.publicKey, fingerprint: key.fingerprint, file: path });
        return ExitCode.OK;
      }
      case 'register': {
        const key = loadKey(configDir, name);
        ctx.client.requireKey();
        ctx.out.progress(`registering key "${name}" with ${ctx.config.url}`);
        const { registerPublisherKey } = await ctx.client.execute(RegisterPublisherKeyDocument, {
          input: { publicKey: key.publicKey },
        });
        if (registerPublisherKey.userErrors.length > 0 || !registerPublisherKey.publisherKey) {
          ctx.out.result({ registered: false, userErrors: registerPublisherKey.userErrors });
          throw new CliError(
            registerPublisherKey.userErrors.map((error) => error.message).join('; ') ||
              'the registry refused the key',
            ExitCode.PROBLEM,
          );
        }
        const registered = { ...key, keyId: registerPublisherKey.publisherKey.id, registry: ctx.config.url };
        saveKey(configDir, registered);
        ctx.out.print(`registered key "${name}" with ${ctx.config.url} as ${registered.keyId}`);
        ctx.out.note('sign a publish with `mcpm publish --sign`');
        ctx.out.result({
          registered: true,
          name,
          keyId: registered.keyId,
          fingerprint: key.fingerprint,
          registry: ctx.config.url,
        });
        return ExitCode.OK;
      }
      case 'list': {
        const all = listKeys(configDir);
        ctx.out.table(
          ['NAME', 'FINGERPRINT', 'KEY ID', 'REGISTRY'],
          all.map((key) => [
            key.name,
            key.fingerprint.slice(0, 16),
            key.keyId ?? '(not registered)',
            key.registry ?? '',
          ]),
        );
        if (all.length === 0)
          ctx.out.note(`no keys in ${keysDir(configDir)}; create one with \`mcpm keys generate\``);
        ctx.out.result(
          all.map(({ name: keyName, publicKey, fingerprint, keyId, registry }) => ({
            name: keyName,
            publicKey,
            fingerprint,
            keyId: keyId ?? null,
            registry: registry ?? null,
          })),
        );
        return ExitCode.OK;
      }
      default:
        throw usageError(
          action === undefined ? 'missing keys action' : `unknown keys action ${JSON.stringify(action)}`,
          `usage: ${USAGE}`,
        );
    }
  },
};
