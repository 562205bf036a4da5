import { registerEnumType } from 'type-graphql';

export enum ScanStatus {
  PENDING = 'PENDING',
  PASSED = 'PASSED',
  WARNED = 'WARNED',
  FAILED = 'FAILED',
}
registerEnumType(ScanStatus, {
  name: 'ScanStatus',
  description: 'FAILED on any HIGH/CRITICAL finding, WARNED on MEDIUM, else PASSED; PENDING until stored.',
});

export enum SignatureStatus {
  UNSIGNED = 'UNSIGNED',
  VALID = 'VALID',
  INVALID = 'INVALID',
  UNKNOWN_KEY = 'UNKNOWN_KEY',
  REVOKED_KEY = 'REVOKED_KEY',
}
registerEnumType(SignatureStatus, {
  name: 'SignatureStatus',
  description:
    'The publisher signature `_meta["io.mcpr/signature"]` of a manifest, checked against the registered publisher keys.',
  valuesConfig: {
    UNSIGNED: { description: 'The manifest carries no signature.' },
    VALID: { description: "Verifies with a live key of the namespace owner's (or the publisher's) account." },
    INVALID: { description: 'Malformed, not ed25519, a key of another account, or it does not verify.' },
    UNKNOWN_KEY: { description: 'The keyId names no registered publisher key.' },
    REVOKED_KEY: { description: 'The key was revoked.' },
  },
});

export enum VetDecision {
  ALLOW = 'ALLOW',
  DENY = 'DENY',
}
registerEnumType(VetDecision, { name: 'VetDecision', description: 'The outcome of `vet`.' });

export enum ReviewVerdict {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
}
registerEnumType(ReviewVerdict, { name: 'ReviewVerdict', description: "A security reviewer's verdict." });
