import { readFileSync } from 'node:fs';
import { API_FILE, SUPERGRAPH_FILE } from './paths';

export * from './paths';
export * from './generated/graphql';

/** The committed supergraph the gateway serves. */
export function loadSupergraphSdl(): string {
  return readFileSync(SUPERGRAPH_FILE, 'utf8');
}

/** The committed client-facing API schema. */
export function loadApiSdl(): string {
  return readFileSync(API_FILE, 'utf8');
}
