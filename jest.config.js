// One jest run over every workspace package; sources are transformed by swc so tests never need a build.
const path = require('path');

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
  e2e: 'test',
  bench: 'bench',
  cli: 'cli',
};

const moduleNameMapper = {};
for (const [name, dir] of Object.entries(packages)) {
  moduleNameMapper[`^@mcpr/${name}$`] = path.join(__dirname, dir, 'src/index.ts');
  moduleNameMapper[`^@mcpr/${name}/(.*)$`] = path.join(__dirname, dir, 'src/$1');
}

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const slow = process.env.MCPR_TEST_SLOW === '1';

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  moduleNameMapper,
  setupFiles: [path.join(__dirname, 'scripts/jest-setup.js')],
  roots: Object.values(packages).map((d) => path.join(__dirname, d)),
  testMatch: slow ? ['**/test/**/*.slow.test.ts'] : ['**/test/**/*.test.ts'],
  testPathIgnorePatterns: slow
    ? ['/node_modules/', '/dist/']
    : ['/node_modules/', '/dist/', '\\.slow\\.test\\.ts$'],
  testTimeout: 30000,
};
