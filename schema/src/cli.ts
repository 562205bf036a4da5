import 'reflect-metadata';
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, validate, parse } from 'graphql';
import { compose } from './compose';
import { printSubgraphs } from './subgraphs';
import { API_FILE, CONTRACT_FILE, LANDED_FILE, OPERATIONS_DIR, SUPERGRAPH_FILE } from './paths';
import { committedOperations, diffOperations, operationsOf } from './operations';

function landedOperations(): string[] {
  return (JSON.parse(readFileSync(LANDED_FILE, 'utf8')) as { operations: string[] }).operations;
}

/**
 * `compose`: print each subgraph's SDL, compose, write supergraph.graphql and api.graphql, and split the
 * contract into schema/operations/. `check`: fail when any of them is stale or an operation does not validate.
 */
async function main(command: string | undefined): Promise<number> {
  const composed = compose(await printSubgraphs());
  const contract = operationsOf(readFileSync(CONTRACT_FILE, 'utf8'));
  if (command === 'compose') {
    writeFileSync(
      SUPERGRAPH_FILE,
      composed.supergraphSdl.endsWith('\n') ? composed.supergraphSdl : composed.supergraphSdl + '\n',
    );
    writeFileSync(API_FILE, composed.apiSdl);
    mkdirSync(OPERATIONS_DIR, { recursive: true });
    for (const [name, text] of contract) writeFileSync(join(OPERATIONS_DIR, `${name}.graphql`), text + '\n');
    process.stdout.write(`wrote ${SUPERGRAPH_FILE}, ${API_FILE} and ${contract.size} operations\n`);
    return 0;
  }
  if (command === 'check') {
    const problems: string[] = [];
    const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
    const supergraph = composed.supergraphSdl.endsWith('\n')
      ? composed.supergraphSdl
      : composed.supergraphSdl + '\n';
    if (read(SUPERGRAPH_FILE) !== supergraph)
      problems.push('schema/supergraph.graphql is stale (run `pnpm schema:build`)');
    if (read(API_FILE) !== composed.apiSdl)
      problems.push('schema/api.graphql is stale (run `pnpm schema:build`)');
    problems.push(...diffOperations(contract, committedOperations(OPERATIONS_DIR)));
    const api = buildSchema(composed.apiSdl);
    const landed = new Set(landedOperations());
    const pending: string[] = [];
    for (const [name, text] of contract) {
      const errors = validate(api, parse(text));
      if (!landed.has(name)) {
        if (errors.length) pending.push(name);
        continue;
      }
      for (const error of errors) problems.push(`${name} does not validate: ${error.message}`);
    }
    if (pending.length)
      process.stdout.write(`operations waiting for their subgraphs: ${pending.join(', ')}\n`);
    if (problems.length) {
      process.stderr.write(`schema check failed:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
      return 1;
    }
    process.stdout.write(
      `schema check passed: supergraph, API schema and ${contract.size} operations are current\n`,
    );
    return 0;
  }
  process.stderr.write('usage: cli.js compose|check\n');
  return 2;
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
