import { nameSkeleton } from '../../text/confusables';

/** `io.github.alice/weather` → `['io.github.alice', 'weather']` (no slash: the whole name is the namespace). */
export function splitName(name: string): [string, string] {
  const slash = name.indexOf('/');
  return slash < 0 ? [name, ''] : [name.slice(0, slash), name.slice(slash + 1)];
}

/**
 * The account-like part of a namespace: the GitHub user of `io.github.<user>`, otherwise the second
 * reverse-DNS label (`com.anthropic` → `anthropic`, `io.modelcontextprotocol-official` → `modelcontextprotocol-official`).
 */
export function namespaceOwner(namespace: string): string {
  const ns = namespace.toLowerCase();
  if (ns.startsWith('io.github.')) return ns.slice('io.github.'.length);
  const labels = ns.split('.');
  return labels.length > 1 ? labels[1] : labels[0];
}

export interface KnownName {
  name: string;
  lower: string;
  namespaceLower: string;
  skeleton: string;
}

const cache = new WeakMap<readonly string[], KnownName[]>();

/** Pre-computed comparison keys of the known server names (cached per array, so a batch reuses them). */
export function knownNames(list: readonly string[]): KnownName[] {
  let out = cache.get(list);
  if (!out) {
    out = list
      .filter((n): n is string => typeof n === 'string')
      .map((name) => ({
        name,
        lower: name.toLowerCase(),
        namespaceLower: splitName(name)[0].toLowerCase(),
        skeleton: nameSkeleton(name),
      }));
    cache.set(list, out);
  }
  return out;
}

/**
 * Brands whose look-alike namespaces count as impersonation, with the namespaces they really publish
 * under. Deliberately short: a brand is listed when its name alone would make a user trust a server.
 */
export const PROTECTED_BRANDS: Readonly<Record<string, readonly string[]>> = {
  anthropic: ['com.anthropic', 'io.github.anthropics', 'io.github.anthropic'],
  claude: ['com.anthropic', 'io.github.anthropics', 'io.github.anthropic'],
  modelcontextprotocol: ['io.modelcontextprotocol', 'io.github.modelcontextprotocol'],
  openai: ['com.openai', 'io.github.openai'],
  chatgpt: ['com.openai', 'io.github.openai'],
  github: ['io.github.github', 'com.github'],
  microsoft: ['com.microsoft', 'io.github.microsoft', 'io.github.azure'],
  google: ['com.google', 'io.github.google', 'io.github.googleapis'],
  amazon: ['com.amazon', 'com.amazonaws', 'io.github.aws', 'io.github.awslabs', 'io.github.aws-samples'],
  aws: ['com.amazon', 'com.amazonaws', 'io.github.aws', 'io.github.awslabs', 'io.github.aws-samples'],
  stripe: ['com.stripe', 'io.github.stripe'],
  cloudflare: ['com.cloudflare', 'io.github.cloudflare'],
  mcpr: ['io.mcpr'],
};
