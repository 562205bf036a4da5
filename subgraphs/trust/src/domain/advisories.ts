import {
  actorOf,
  failure,
  requireScope,
  Scope,
  success,
  userError,
  type Outcome,
  type Severity,
} from '@mcpr/platform';
import { AdvisoryEntity, type TrustServerEntity } from '../data/entities';
import { emit, trustEvents } from '../events/trust-events';
import { rangeProblem } from './advisory-ranges';
import type { DomainContext } from './context';
import { findServerByName } from './lookup';
import { refreshTrust, type TrustRefresh } from './trust-evaluation';

export const MAX_SUMMARY_LENGTH = 500;
export const MAX_DETAILS_LENGTH = 20_000;

export interface PublishAdvisoryInput {
  name: string;
  affectedVersions: string;
  severity: Severity;
  summary: string;
  details?: string | null;
}

export interface PublishedAdvisory {
  advisory: AdvisoryEntity;
  server: TrustServerEntity;
  refresh: TrustRefresh;
}

/**
 * Publishes an advisory against a semver range of a server's versions (scope TRUST_ADMIN). A HIGH or
 * CRITICAL advisory covering the latest version demotes the server (re-evaluated in the same transaction);
 * `vet` denies every version it covers, whatever the policy.
 */
export async function publishAdvisory(
  ctx: DomainContext,
  input: PublishAdvisoryInput,
): Promise<Outcome<PublishedAdvisory>> {
  const caller = requireScope(ctx.principal, Scope.TRUST_ADMIN);
  const summary = input.summary.trim();
  const details = input.details?.trim() ? input.details.trim() : null;
  const errors = [];
  const problem = rangeProblem(input.affectedVersions);
  if (problem) errors.push(userError('BAD_USER_INPUT', problem, ['affectedVersions']));
  if (!summary) errors.push(userError('BAD_USER_INPUT', 'summary must not be empty.', ['summary']));
  if (summary.length > MAX_SUMMARY_LENGTH) {
    errors.push(
      userError('BAD_USER_INPUT', `summary has at most ${MAX_SUMMARY_LENGTH} characters.`, ['summary']),
    );
  }
  if (details && details.length > MAX_DETAILS_LENGTH) {
    errors.push(
      userError('BAD_USER_INPUT', `details have at most ${MAX_DETAILS_LENGTH} characters.`, ['details']),
    );
  }
  if (errors.length) return failure(...errors);
  return ctx.em.transactional(async (em): Promise<Outcome<PublishedAdvisory>> => {
    const server = await findServerByName(em, input.name, { lock: true });
    if (!server)
      return failure(userError('NOT_FOUND', `No server named ${input.name} is known to trust.`, ['name']));
    const now = ctx.now();
    const advisory = Object.assign(new AdvisoryEntity(), {
      serverId: server.id,
      affectedVersions: input.affectedVersions.trim(),
      severity: input.severity,
      summary,
      details,
      publishedBy: caller.handle,
      publishedAt: now,
    });
    em.persist(advisory);
    const origin = { actor: actorOf(caller), traceId: ctx.traceId, occurredAt: now };
    emit(
      em,
      trustEvents.advisoryPublished(
        {
          advisoryId: advisory.id,
          serverId: server.id,
          name: server.name,
          affectedVersions: advisory.affectedVersions,
          severity: advisory.severity,
          summary,
        },
        origin,
      ),
    );
    await em.flush();
    const refresh = await refreshTrust(em, server, { rules: ctx.rules, now, origin });
    return success({ advisory, server, refresh });
  });
}
