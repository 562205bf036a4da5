export { loadAuditEnv, type AuditConfig } from './env';
export { buildAuditServer } from './server';
export { startAudit } from './service';
export { buildAuditSchema } from './schema/build-schema';
