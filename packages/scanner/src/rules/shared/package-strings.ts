import { asString, isObject, type JsonObject, type ManifestView } from '../../manifest';

/** A string from the install-time parts of a manifest (packages, transports, remotes). */
export interface PackageString {
  path: string[];
  value: string;
  /** `argument`: becomes part of the command line; `env`/`header`: a value; `hint`: the runtime hint. */
  role: 'argument' | 'env' | 'header' | 'hint' | 'url';
  /** Name of the argument, variable or header the value belongs to, if any. */
  owner?: string;
  /** The input is marked `isSecret`. */
  secret?: boolean;
}

const VALUE_FIELDS = ['value', 'default', 'valueHint'];

function inputs(list: unknown, path: string[], role: PackageString['role'], out: PackageString[]): void {
  if (!Array.isArray(list)) return;
  list.forEach((entry, i) => {
    if (!isObject(entry)) return;
    const base = [...path, String(i)];
    const owner = asString(entry.name);
    const secret = entry.isSecret === true;
    for (const f of VALUE_FIELDS) {
      const v = asString(entry[f]);
      if (v) out.push({ path: [...base, f], value: v, role, owner, secret });
    }
    if (Array.isArray(entry.choices)) {
      entry.choices.forEach((c, j) => {
        if (typeof c === 'string')
          out.push({ path: [...base, 'choices', String(j)], value: c, role, owner, secret });
      });
    }
    // Named arguments and headers have their own variables (`{token}` placeholders) one level down.
    if (isObject(entry.variables)) {
      for (const [k, v] of Object.entries(entry.variables)) {
        if (isObject(v)) inputs([v], [...base, 'variables', k], role, out);
      }
    }
  });
}

function transportStrings(t: JsonObject, path: string[], out: PackageString[]): void {
  const url = asString(t.url);
  if (url) out.push({ path: [...path, 'url'], value: url, role: 'url' });
  inputs(t.headers, [...path, 'headers'], 'header', out);
}

/** Every install-time string of the manifest, with the role it plays. Memoised per view. */
export function packageStrings(view: ManifestView): PackageString[] {
  const memo = cache.get(view);
  if (memo) return memo;
  const out: PackageString[] = [];
  for (const { path, pkg } of view.packages) {
    const hint = asString(pkg.runtimeHint);
    if (hint) out.push({ path: [...path, 'runtimeHint'], value: hint, role: 'hint' });
    inputs(pkg.runtimeArguments, [...path, 'runtimeArguments'], 'argument', out);
    inputs(pkg.packageArguments, [...path, 'packageArguments'], 'argument', out);
    inputs(pkg.environmentVariables, [...path, 'environmentVariables'], 'env', out);
    if (isObject(pkg.transport)) transportStrings(pkg.transport, [...path, 'transport'], out);
  }
  for (const { path, remote } of view.remotes) transportStrings(remote, path, out);
  cache.set(view, out);
  return out;
}

const cache = new WeakMap<ManifestView, PackageString[]>();
