// Jest setup file of the `e2e-distributed` project (jest.config.js): the e2e suites it runs start the
// distributed layout. Jest gives each test file its own copy of process.env, so this reaches only them.
process.env.MCPR_E2E_LAYOUT = 'distributed';
// Five processes per stack and two stacks at once on two cores: a beforeAll without its own timeout gets
// room for the start (startDistributedStack gives up with the services' output at 50 s).
jest.setTimeout(60_000);
