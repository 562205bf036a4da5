import { join } from 'node:path';

/** The schema package root (works from src/ under jest and from dist/ when built). */
export const SCHEMA_ROOT = join(__dirname, '..');
export const SUPERGRAPH_FILE = join(SCHEMA_ROOT, 'supergraph.graphql');
export const API_FILE = join(SCHEMA_ROOT, 'api.graphql');
export const LANDED_FILE = join(SCHEMA_ROOT, 'landed-operations.json');
export const OPERATIONS_DIR = join(SCHEMA_ROOT, 'operations');
/** The client contract shipped beside the repository. */
export const CONTRACT_FILE = join(SCHEMA_ROOT, '..', '..', 'shared', 'contract', 'operations.graphql');
