/**
 * The audit subgraph's domain: RFC 9162 Merkle log math over a pluggable node store, independent
 * proof verifiers, signed C2SP checkpoints, the audit leaf format, an offline snapshot verifier, and
 * the log service (`AuditLog`: scope, idempotent appends, security-event windows, checkpoints, reads)
 * over the `AuditRepository` interface. Plain TypeScript on node:crypto and the platform kit; no
 * GraphQL or SQL here.
 */
export * from './merkle';
export * from './node-store';
export * from './merkle-log';
export * from './verify';
export * from './checkpoint';
export * from './audit-entry';
export * from './verifier';
export { toHex, toBase64, decodeLowerHex, decodeBase64Strict } from './encoding';
export * from './event-scope';
export * from './audit-repository';
export * from './audit-log';
export * from './checkpoint-schedule';
export { SerialExecutor } from './serial';
