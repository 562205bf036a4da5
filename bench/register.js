// Minimal require hook: compiles TypeScript with @swc/core (from the workspace root) so a harness runs
// straight from sources: `node -r ./bench/register.js bench/search-quality/run.ts`.
'use strict';
const path = require('path');
const { transformSync } = require(path.join(__dirname, '../node_modules/@swc/core'));

require.extensions['.ts'] = function compileTs(module, filename) {
  const source = require('fs').readFileSync(filename, 'utf8');
  const { code } = transformSync(source, {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
