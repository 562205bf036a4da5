// Runs the benchmark from the TypeScript sources without a build: `.ts` files compile through
// ../register.js (@swc/core, legacy decorators + decorator metadata, as jest does), and `@mcpr/<pkg>`
// resolves to that package's src/ (the same mapping as jest.config.js).
'use strict';

const path = require('node:path');
const Module = require('node:module');

const root = path.resolve(__dirname, '../..');

const packages = {
  platform: 'packages/platform',
  manifest: 'packages/manifest',
  scanner: 'packages/scanner',
  registry: 'subgraphs/registry',
  trust: 'subgraphs/trust',
  audit: 'subgraphs/audit',
  search: 'subgraphs/search',
  gateway: 'gateway',
  schema: 'schema',
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolve(request, parent, ...rest) {
  const match = /^@mcpr\/([^/]+)(?:\/(.+))?$/.exec(request);
  if (match && packages[match[1]]) {
    const target = path.join(root, packages[match[1]], 'src', match[2] ?? 'index');
    return resolveFilename.call(this, target, parent, ...rest);
  }
  return resolveFilename.call(this, request, parent, ...rest);
};

// `.ts` files compile through the benches' shared hook.
require('../register.js');

// Decorator metadata must exist before any entity or GraphQL type is evaluated.
require(require.resolve('reflect-metadata', { paths: [path.join(root, 'subgraphs/audit')] }));
process.env.APOLLO_TELEMETRY_DISABLED = '1';
