/**
 * The audit subgraph's domain: RFC 9162 Merkle log math over a pluggable node store, independent
 * proof verifiers, signed C2SP checkpoints, the audit leaf format and an offline snapshot verifier.
 * Plain TypeScript on node:crypto; no GraphQL or storage imports.
 */
export * from './merkle';
export * from './node-store';
export * from './merkle-log';
export * from './verify';
export * from './checkpoint';
export * from './audit-entry';
export * from './verifier';
export { toHex, toBase64, decodeLowerHex, decodeBase64Strict } from './encoding';
