import type { EntityManager } from '@mikro-orm/knex';
import { scanManifest, type ScanResult } from '@mcpr/scanner';
import type { EventEnvelope } from '@mcpr/platform';
import {
  NamespaceOwnerEntity,
  PublisherKeyEntity,
  ScannedVersionEntity,
  TrustServerEntity,
} from '../data/entities';
import type {
  InstallRecordedData,
  NamespaceCreatedData,
  VersionPublishedData,
  VersionStatusChangedData,
} from '../events/consumed-events';
import { emit, trustEvents, type EventOrigin } from '../events/trust-events';
import type { TrustRules } from './context';
import { findServerById, versionSummaries } from './lookup';
import { signatureKeyIdOf, signatureStatusOf, type SignatureStatusValue } from './signatures';
import { refreshTrust } from './trust-evaluation';
import { isStrictSemver, previousOf } from './versions';

/*
 * How trust applies the registry's events (each inside the consumer's transaction, once per event id).
 * Every write and every event trust emits in response commit together.
 */

/** Rule ids that make a version a rug pull (a pinned tool changed). */
export const RUG_PULL_RULES: readonly string[] = ['rug-pull.tool-changed', 'rug-pull.instructions-added'];

/** What applying an event needs besides the event. */
export interface IngestContext {
  em: EntityManager;
  rules: TrustRules;
  now: Date;
}

/** Trust's reactions are the system's, in the trace of the event that caused them. */
function originOf(event: EventEnvelope, now: Date): EventOrigin {
  return { actor: 'system', traceId: event.traceId, occurredAt: now };
}

/** The namespace of a server name (`io.github.acme/weather` → `io.github.acme`). */
export function namespaceOf(name: string): string {
  const slash = name.indexOf('/');
  return slash < 0 ? name : name.slice(0, slash);
}

/** Every server name trust has seen but `except`, for the scanner's typosquat and homoglyph rules. */
async function knownServerNames(em: EntityManager, except: string): Promise<string[]> {
  const rows: { name: string }[] = await em
    .createQueryBuilder(TrustServerEntity)
    .select('name')
    .execute('all');
  return rows.map((row) => row.name).filter((name) => name !== except);
}

/** Accounts whose keys may sign a version: the namespace's owner and the version's publisher. */
export async function signersOf(
  em: EntityManager,
  serverName: string,
  publishedBy: string,
): Promise<string[]> {
  const owner = await em.findOne(NamespaceOwnerEntity, { name: namespaceOf(serverName) });
  return owner ? [owner.owner, publishedBy] : [publishedBy];
}

/** The signature status of a stored version now (keys may have been registered or revoked since the scan). */
export async function signatureStatusFor(
  em: EntityManager,
  serverName: string,
  version: ScannedVersionEntity,
): Promise<SignatureStatusValue> {
  const key = version.signatureKeyId
    ? await em.findOne(PublisherKeyEntity, { id: version.signatureKeyId })
    : null;
  return signatureStatusOf(
    version.manifest,
    key && { id: key.id, account: key.account, publicKey: key.publicKey, revoked: key.revokedAt !== null },
    await signersOf(em, serverName, version.publishedBy),
  );
}

/** Counts of findings per severity. */
function bySeverity(result: ScanResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const finding of result.findings) counts[finding.severity] = (counts[finding.severity] ?? 0) + 1;
  return counts;
}

/**
 * `version.published`: scans the manifest (against the previous version's tool pins and the server names
 * trust knows), stores the report, emits `scan.completed`, and re-evaluates the tier (`tier.changed` when
 * it moves). A version already stored is left alone (a replay under another event id).
 */
export async function applyVersionPublished(
  ctx: IngestContext,
  event: EventEnvelope,
  data: VersionPublishedData,
): Promise<ScannedVersionEntity> {
  const { em, now } = ctx;
  let server = await findServerById(em, data.serverId, { lock: true });
  const existing = await em.findOne(ScannedVersionEntity, { id: data.versionId });
  if (existing) return existing;
  if (!server) {
    server = Object.assign(new TrustServerEntity(), {
      id: data.serverId,
      name: data.name,
      namespace: namespaceOf(data.name),
      reasons: [],
      createdAt: now,
      updatedAt: now,
    });
    em.persist(server);
  }

  const versions = await versionSummaries(em, server.id);
  const candidate = {
    id: data.versionId,
    version: data.version,
    isSemver: isStrictSemver(data.version),
    status: 'ACTIVE',
    publishedAt: new Date(event.occurredAt),
  };
  const previousSummary = previousOf(candidate, versions);
  const previous = previousSummary
    ? await em.findOneOrFail(ScannedVersionEntity, { id: previousSummary.id })
    : undefined;
  const result = scanManifest(data.manifest, {
    knownServerNames: await knownServerNames(em, data.name),
    ...(previous ? { previousVersion: { version: previous.version, manifest: previous.manifest } } : {}),
  });
  const row = Object.assign(new ScannedVersionEntity(), {
    id: data.versionId,
    serverId: server.id,
    version: data.version,
    isSemver: candidate.isSemver,
    publishedAt: candidate.publishedAt,
    publishedBy: event.actor,
    manifestDigest: data.manifestDigest,
    manifest: data.manifest,
    scanStatus: result.status,
    scanScore: result.score,
    findings: result.findings,
    toolPins: result.toolPins,
    toolsetHash: result.toolsetHash,
    previousVersionId: previous?.id ?? null,
    previousVersion: previous?.version ?? null,
    toolChanges: previous ? (result.toolChanges ?? null) : null,
    rugPull: result.findings.some((finding) => RUG_PULL_RULES.includes(finding.ruleId)),
    signatureKeyId: signatureKeyIdOf(data.manifest)?.slice(0, 256) ?? null,
    scannedAt: now,
  });
  em.persist(row);
  if (data.isLatest) server.latestVersionId = row.id;

  const origin = originOf(event, now);
  emit(
    em,
    trustEvents.scanCompleted(
      {
        serverId: server.id,
        name: server.name,
        versionId: row.id,
        version: row.version,
        manifestDigest: row.manifestDigest,
        status: result.status,
        score: result.score,
        findingCount: result.findings.length,
        findingsBySeverity: bySeverity(result),
        ruleIds: [...new Set(result.findings.map((finding) => finding.ruleId))],
        toolsetHash: result.toolsetHash,
        previousVersion: row.previousVersion,
        rugPull: row.rugPull,
        toolChanges: row.toolChanges && {
          added: row.toolChanges.added.map((tool) => String(tool.name ?? '')),
          removed: row.toolChanges.removed.map((tool) => String(tool.name ?? '')),
          changed: row.toolChanges.changed.map((change) => change.name),
        },
        signatureStatus: await signatureStatusFor(em, server.name, row),
      },
      origin,
    ),
  );
  await em.flush();
  await refreshTrust(em, server, { rules: ctx.rules, now, origin });
  return row;
}

/**
 * `version.status_changed`: records the version's status and the server's new latest version (the
 * registry's decision), then re-evaluates the tier on it.
 */
export async function applyVersionStatusChanged(
  ctx: IngestContext,
  event: EventEnvelope,
  data: VersionStatusChangedData,
): Promise<void> {
  const server = await findServerById(ctx.em, data.serverId, { lock: true });
  if (!server) return; // never published as far as trust knows: nothing to evaluate
  const version = await ctx.em.findOne(ScannedVersionEntity, { id: data.versionId });
  if (version && version.status !== data.status) version.status = data.status;
  server.latestVersionId = data.latestVersionId;
  await refreshTrust(ctx.em, server, { rules: ctx.rules, now: ctx.now, origin: originOf(event, ctx.now) });
}

/**
 * `install.recorded`: installs as accepted by the registry (its running count; the maximum wins, since
 * concurrent installs may commit out of order), then the tier (COMMUNITY_TRUSTED at the threshold).
 */
export async function applyInstallRecorded(
  ctx: IngestContext,
  event: EventEnvelope,
  data: InstallRecordedData,
): Promise<void> {
  const server = await findServerById(ctx.em, data.serverId, { lock: true });
  if (!server) return;
  const installs = data.installCount ?? server.installs + 1;
  if (installs > server.installs) server.installs = installs;
  await refreshTrust(ctx.em, server, { rules: ctx.rules, now: ctx.now, origin: originOf(event, ctx.now) });
}

/** `namespace.created`: who owns it, i.e. whose publisher keys sign for it. */
export async function applyNamespaceCreated(ctx: IngestContext, data: NamespaceCreatedData): Promise<void> {
  const row = await ctx.em.findOne(NamespaceOwnerEntity, { name: data.name });
  if (row) row.owner = data.owner;
  else ctx.em.persist(Object.assign(new NamespaceOwnerEntity(), { name: data.name, owner: data.owner }));
}
