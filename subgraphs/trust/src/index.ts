export { loadTrustEnv, type TrustConfig } from './env';
export { buildTrustServer } from './server';
export { startTrust } from './service';
export { buildTrustSchema } from './schema/build-schema';
