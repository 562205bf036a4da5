import { describePath, type IssueCollector } from '../issues';
import { LIMITS } from '../limits';
import { hasOwn, isObject, ownArray, ownString, type JsonObject } from '../json';

/** Characters that show a value or a description was pasted into a flag name (official rule). */
const BAD_FLAG_CHARS = /[<> $]/;

/**
 * Checks `runtimeArguments` and `packageArguments` of one package (official semantic rules) and the
 * environment variable count.
 */
export function checkArguments(pkg: JsonObject, pkgPath: readonly string[], issues: IssueCollector): void {
  for (const list of ['runtimeArguments', 'packageArguments'] as const) {
    const args = ownArray(pkg, list);
    if (!args) continue;
    const listPath = [...pkgPath, list];
    if (args.length > LIMITS.argumentsPerList) {
      issues.error(
        listPath,
        `${describePath(listPath)} may list at most ${LIMITS.argumentsPerList} arguments`,
      );
    }
    args.slice(0, LIMITS.argumentsPerList).forEach((arg, index) => {
      if (isObject(arg)) checkArgument(arg, [...listPath, String(index)], issues);
    });
  }
  const env = ownArray(pkg, 'environmentVariables');
  if (env && env.length > LIMITS.environmentVariables) {
    const path = [...pkgPath, 'environmentVariables'];
    issues.error(path, `${describePath(path)} may list at most ${LIMITS.environmentVariables} variables`);
  }
}

function checkArgument(arg: JsonObject, path: string[], issues: IssueCollector): void {
  const type = ownString(arg, 'type');
  const value = ownString(arg, 'value');
  const valueHint = ownString(arg, 'valueHint');
  if (type === 'positional') {
    if (!value && !valueHint) {
      issues.error(path, `${describePath(path)}: a positional argument needs a value or a valueHint`);
    }
    return;
  }
  if (type !== 'named') return; // the structural check reports other types
  const name = ownString(arg, 'name');
  if (name === undefined && hasOwn(arg, 'name')) return; // not a string: the structural check reports it
  if (!name) {
    issues.error([...path, 'name'], `${describePath([...path, 'name'])} is required for a named argument`);
    return;
  }
  if (BAD_FLAG_CHARS.test(name)) {
    issues.error(
      [...path, 'name'],
      `${describePath([...path, 'name'])} must be the flag alone (e.g. "--port"), without spaces, "<", ">" or "$"`,
    );
  }
  // "--port" with value "--port 8080" would pass the flag twice.
  for (const field of ['value', 'default'] as const) {
    const text = ownString(arg, field);
    if (text && text.startsWith(name)) {
      issues.error(
        [...path, field],
        `${describePath([...path, field])} must not start with the argument name "${name}"`,
      );
    }
  }
}

/**
 * Names a package transport URL template may refer to (official): environment variable names,
 * argument names and argument value hints.
 */
export function templateVariablesOf(pkg: JsonObject): Set<string> {
  const names = new Set<string>();
  for (const env of ownArray(pkg, 'environmentVariables') ?? []) {
    const name = isObject(env) ? ownString(env, 'name') : undefined;
    if (name) names.add(name);
  }
  for (const list of ['runtimeArguments', 'packageArguments']) {
    for (const arg of ownArray(pkg, list) ?? []) {
      if (!isObject(arg)) continue;
      const name = ownString(arg, 'name');
      const hint = ownString(arg, 'valueHint');
      if (name) names.add(name);
      if (hint) names.add(hint);
    }
  }
  return names;
}
