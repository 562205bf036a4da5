// A tiny TypeScript require hook for the scanner benchmark (no ts-node or swc-node in this workspace):
// compiles .ts files with @swc/core, like jest does, and maps @mcpr/<package>[/sub] to the package sources
// the same way the root jest.config.js moduleNameMapper does.
const fs = require('fs');
const path = require('path');
const Module = require('module');
const { transformSync } = require('@swc/core');

const ROOT = path.resolve(__dirname, '../..');
const PACKAGES = {
  platform: 'packages/platform',
  manifest: 'packages/manifest',
  scanner: 'packages/scanner',
};

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolve(request, parent, ...rest) {
  const m = /^@mcpr\/([a-z]+)(?:\/(.*))?$/.exec(request);
  if (m && PACKAGES[m[1]]) {
    const target = path.join(ROOT, PACKAGES[m[1]], 'src', m[2] || 'index');
    return originalResolve.call(this, target, parent, ...rest);
  }
  return originalResolve.call(this, request, parent, ...rest);
};

Module._extensions['.ts'] = function compile(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    filename,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
