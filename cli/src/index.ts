/**
 * `@mcpr/cli`: mcpm, the command-line tool of the MCP Registry. The binary is bin/mcpm.js → main();
 * the modules are exported for tools that want the same behaviour (lock files, client config writers).
 */
export { runCli, main } from './main';
export { ExitCode, CliError } from './errors';
export {
  serializeLock,
  lockEntryFor,
  readLock,
  writeLock,
  LOCK_FILE,
  type Lockfile,
  type LockEntry,
} from './lock';
export { CLIENTS, clientById, writeServerEntry, removeServerEntry } from './clients';
export { launchFor, type Launch } from './launch';
export { signManifest, verifyManifestSignature, signedPayload } from './signing';
