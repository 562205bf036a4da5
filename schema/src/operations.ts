import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, print, type OperationDefinitionNode } from 'graphql';

/** Splits a document into its operations, each printed canonically and keyed by name. */
export function operationsOf(document: string): Map<string, string> {
  const operations = new Map<string, string>();
  for (const definition of parse(document).definitions) {
    if (definition.kind !== 'OperationDefinition' || !definition.name) continue;
    operations.set(definition.name.value, print(definition as OperationDefinitionNode));
  }
  return operations;
}

/** The operations committed under `schema/operations/`, one file per operation. */
export function committedOperations(dir: string): Map<string, string> {
  const operations = new Map<string, string>();
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.graphql'))
    .sort()) {
    for (const [name, text] of operationsOf(readFileSync(join(dir, file), 'utf8')))
      operations.set(name, text);
  }
  return operations;
}

/** Differences between the contract's operations and the committed ones (empty when identical). */
export function diffOperations(contract: Map<string, string>, committed: Map<string, string>): string[] {
  const problems: string[] = [];
  for (const [name, text] of contract) {
    if (!committed.has(name)) problems.push(`${name}: missing from schema/operations`);
    else if (committed.get(name) !== text) problems.push(`${name}: differs from the contract`);
  }
  for (const name of committed.keys()) if (!contract.has(name)) problems.push(`${name}: not in the contract`);
  return problems;
}
