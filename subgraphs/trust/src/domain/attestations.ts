import { actorOf, failure, requireScope, Scope, success, userError, type Outcome } from '@mcpr/platform';
import { AttestationEntity, type ScannedVersionEntity, type TrustServerEntity } from '../data/entities';
import { emit, trustEvents } from '../events/trust-events';
import type { DomainContext } from './context';
import { findServerByName, findVersionOf } from './lookup';
import { refreshTrust, type TrustRefresh } from './trust-evaluation';

export const MAX_ATTESTOR_LENGTH = 200;
export const MAX_EVIDENCE_URL_LENGTH = 2000;

export interface RecordAttestationInput {
  name: string;
  version: string;
  attestor: string;
  evidenceUrl: string;
}

export interface RecordedAttestation {
  attestation: AttestationEntity;
  version: ScannedVersionEntity;
  server: TrustServerEntity;
  refresh: TrustRefresh;
}

function isHttpsUrl(text: string): boolean {
  try {
    return new URL(text).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Records a third party's attestation of one version (scope TRUST_ADMIN): it certifies that version —
 * the server is CERTIFIED while it is the latest and nothing demotes it. One attestation per attestor and
 * version (CONFLICT otherwise).
 */
export async function recordAttestation(
  ctx: DomainContext,
  input: RecordAttestationInput,
): Promise<Outcome<RecordedAttestation>> {
  const caller = requireScope(ctx.principal, Scope.TRUST_ADMIN);
  const attestor = input.attestor.trim();
  const evidenceUrl = input.evidenceUrl.trim();
  const errors = [];
  if (!attestor || attestor.length > MAX_ATTESTOR_LENGTH) {
    errors.push(
      userError('BAD_USER_INPUT', `attestor must have 1 to ${MAX_ATTESTOR_LENGTH} characters.`, ['attestor']),
    );
  }
  if (!isHttpsUrl(evidenceUrl) || evidenceUrl.length > MAX_EVIDENCE_URL_LENGTH) {
    errors.push(
      userError(
        'BAD_USER_INPUT',
        `evidenceUrl must be an https URL of at most ${MAX_EVIDENCE_URL_LENGTH} characters.`,
        ['evidenceUrl'],
      ),
    );
  }
  if (errors.length) return failure(...errors);
  return ctx.em.transactional(async (em): Promise<Outcome<RecordedAttestation>> => {
    const server = await findServerByName(em, input.name, { lock: true });
    if (!server)
      return failure(userError('NOT_FOUND', `No server named ${input.name} is known to trust.`, ['name']));
    const version = await findVersionOf(em, server, input.version);
    if (!version) {
      return failure(
        userError('NOT_FOUND', `${input.name} has no version ${input.version} known to trust.`, ['version']),
      );
    }
    if (await em.count(AttestationEntity, { versionId: version.id, attestor })) {
      return failure(
        userError('CONFLICT', `${attestor} has already attested ${input.name} ${version.version}.`, [
          'attestor',
        ]),
      );
    }
    const now = ctx.now();
    const attestation = Object.assign(new AttestationEntity(), {
      serverId: server.id,
      versionId: version.id,
      attestor,
      evidenceUrl,
      recordedBy: caller.handle,
      recordedAt: now,
    });
    em.persist(attestation);
    const origin = { actor: actorOf(caller), traceId: ctx.traceId, occurredAt: now };
    emit(
      em,
      trustEvents.attestationRecorded(
        {
          serverId: server.id,
          name: server.name,
          versionId: version.id,
          version: version.version,
          attestationId: attestation.id,
          attestor,
          evidenceUrl,
        },
        origin,
      ),
    );
    await em.flush();
    const refresh = await refreshTrust(em, server, { rules: ctx.rules, now, origin });
    return success({ attestation, version, server, refresh });
  });
}
