import {
  actorOf,
  failure,
  forbidden,
  requireScope,
  Scope,
  success,
  userError,
  VersionStatus,
  type Outcome,
} from '@mcpr/platform';
import { ReviewEntity, type TrustServerEntity } from '../data/entities';
import { emit, trustEvents } from '../events/trust-events';
import type { DomainContext } from './context';
import { signersOf } from './ingest';
import { findServerByName, findVersionOf } from './lookup';
import { refreshTrust, type TrustRefresh } from './trust-evaluation';

export const MAX_NOTES_LENGTH = 10_000;

export interface SubmitReviewInput {
  name: string;
  version: string;
  verdict: 'APPROVE' | 'REJECT';
  notes?: string | null;
}

export interface SubmittedReview {
  review: ReviewEntity;
  server: TrustServerEntity;
  refresh: TrustRefresh;
}

/**
 * A security reviewer's verdict on one version (scope TRUST_REVIEW). One review per reviewer account and
 * version: submitting again replaces the verdict and notes (a reviewer may change their mind; the event
 * says it replaced an earlier verdict). Reviewers cannot review their own servers (the namespace owner or
 * the account that published the version): FORBIDDEN. The tier is re-evaluated in the same transaction.
 */
export async function submitReview(
  ctx: DomainContext,
  input: SubmitReviewInput,
): Promise<Outcome<SubmittedReview>> {
  const caller = requireScope(ctx.principal, Scope.TRUST_REVIEW);
  const notes = input.notes?.trim() ? input.notes.trim() : null;
  if (notes && notes.length > MAX_NOTES_LENGTH) {
    return failure(
      userError('BAD_USER_INPUT', `notes have at most ${MAX_NOTES_LENGTH} characters.`, ['notes']),
    );
  }
  return ctx.em.transactional(async (em): Promise<Outcome<SubmittedReview>> => {
    const server = await findServerByName(em, input.name, { lock: true });
    if (!server)
      return failure(userError('NOT_FOUND', `No server named ${input.name} is known to trust.`, ['name']));
    const version = await findVersionOf(em, server, input.version);
    if (!version) {
      return failure(
        userError('NOT_FOUND', `${input.name} has no version ${input.version} known to trust.`, ['version']),
      );
    }
    if (version.status === VersionStatus.DELETED) {
      return failure(
        userError(
          'BAD_USER_INPUT',
          `${input.name} ${version.version} is deleted; there is nothing to review.`,
          ['version'],
        ),
      );
    }
    const own = await signersOf(em, server.name, version.publishedBy);
    if (own.some((handle) => handle.toLowerCase() === caller.handle.toLowerCase())) {
      throw forbidden(`${caller.handle} published or owns ${server.name} and cannot review it.`);
    }
    const now = ctx.now();
    let review = await em.findOne(ReviewEntity, { versionId: version.id, reviewer: caller.handle });
    const previousVerdict = review?.verdict ?? null;
    if (review) {
      review.verdict = input.verdict;
      review.notes = notes;
      review.updatedAt = now;
    } else {
      review = Object.assign(new ReviewEntity(), {
        serverId: server.id,
        versionId: version.id,
        reviewer: caller.handle,
        verdict: input.verdict,
        notes,
        createdAt: now,
        updatedAt: now,
      });
      em.persist(review);
    }
    const origin = { actor: actorOf(caller), traceId: ctx.traceId, occurredAt: now };
    emit(
      em,
      trustEvents.reviewSubmitted(
        {
          serverId: server.id,
          name: server.name,
          versionId: version.id,
          version: version.version,
          reviewId: review.id,
          verdict: input.verdict,
          reviewer: caller.handle,
          replaced: previousVerdict !== null,
          previousVerdict,
        },
        origin,
      ),
    );
    await em.flush();
    const refresh = await refreshTrust(em, server, { rules: ctx.rules, now, origin });
    return success({ review, server, refresh });
  });
}
