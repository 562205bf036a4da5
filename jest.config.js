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

const project = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': swc },
  moduleNameMapper,
  setupFiles: [path.join(__dirname, 'scripts/jest-setup.js')],
  roots: Object.values(packages).map((d) => path.join(__dirname, d)),
};

const slow = process.env.MCPR_TEST_SLOW === '1';

if (!slow) {
  module.exports = {
    ...project,
    testMatch: ['**/test/**/*.test.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/', '\\.slow\\.test\\.ts$'],
    testTimeout: 30000,
  };
} else {
  /**
   * The distributed layout (one process per service on PostgreSQL + Redis; scripts/test.js builds first)
   * runs the regular e2e suites a second time. It needs DATABASE_URL and REDIS_URL: under CI=true they
   * must be set (the stack fails loudly without them); elsewhere the layout is left out without them, and
   * scripts/test.js says so.
   */
  const env = process.env;
  const distributed = env.CI === 'true' || Boolean(env.DATABASE_URL && env.REDIS_URL);
  module.exports = {
    testTimeout: 30000,
    projects: [
      {
        ...project,
        displayName: 'slow',
        testMatch: ['**/test/**/*.slow.test.ts'],
        testPathIgnorePatterns: ['/node_modules/', '/dist/'],
      },
      ...(distributed
        ? [
            {
              ...project,
              displayName: 'e2e-distributed',
              roots: [path.join(__dirname, 'test/e2e')],
              testMatch: ['**/test/e2e/*.test.ts'],
              testPathIgnorePatterns: ['/node_modules/', '/dist/', '\\.slow\\.test\\.ts$'],
              // Selects the layout and gives tests and hooks 60 s (test/src/distributed-layout.setup.ts).
              setupFilesAfterEnv: [path.join(__dirname, 'test/src/distributed-layout.setup.ts')],
            },
          ]
        : []),
    ],
  };
}
