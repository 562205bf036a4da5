import {
  GraphQLError,
  Kind,
  print,
  visit,
  type ASTNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type SelectionSetNode,
  type VariableDefinitionNode,
} from 'graphql';
import { defaultFieldResolver } from 'graphql';
import { request as undiciRequest, type Dispatcher } from 'undici';

/** Marks objects that came from the supergraph: their keys are response keys (aliases), not field names. */
const REMOTE = Symbol('remote');

function markRemote(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(markRemote);
  if (value !== null && typeof value === 'object') {
    Object.defineProperty(value, REMOTE, { value: true, enumerable: false });
  }
  return value;
}

function isRemote(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && (value as Record<symbol, unknown>)[REMOTE] === true;
}

/**
 * The field resolver of live execution: objects fetched through the supergraph are read by response key
 * (the selection was forwarded verbatim, aliases included); everything else as usual.
 */
export const liveFieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) => {
  if (isRemote(source)) return markRemote(source[info.path.key as string]);
  return defaultFieldResolver(source, args, context, info);
};

/** Who asks: forwarded so the gateway authorises (and rate-limits) the lookup as the subscriber. */
export interface EntityCaller {
  authorization?: string;
  clientIp?: string;
}

interface CacheEntry {
  value: Promise<unknown>;
  expiresAt: number;
}

/**
 * Resolves entity fields of live payloads (`ActivityEvent.server`) through the gateway's own GraphQL
 * endpoint, so entity data comes from the subgraphs that own it (registry, trust, audit…) exactly as for a
 * query — nothing is copied into events. The sub-selection is forwarded verbatim (fragments, variables,
 * aliases) under `server(name:)`; identical lookups for one event are shared for a few seconds, so N
 * subscribers with the same document cost one request per event.
 */
export class GatewayEntityFetcher {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    /** The gateway's own GraphQL URL (known once the server listens). */
    private readonly url: () => string | undefined,
    private readonly dispatcher?: Dispatcher,
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 2_000,
  ) {}

  /** The server named `name` with the selection of `info`, or null. */
  server(name: string, eventKey: string, info: GraphQLResolveInfo, caller: EntityCaller): Promise<unknown> {
    const { query, variables } = forwardedQuery('server', 'name', 'String!', name, info);
    const key = JSON.stringify([
      eventKey,
      query,
      variables,
      caller.authorization ?? '',
      caller.clientIp ?? '',
    ]);
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > now) return cached.value;
    this.evict(now);
    const value = this.fetch(query, variables, caller).then(markRemote);
    value.catch(() => this.cache.delete(key));
    this.cache.set(key, { value, expiresAt: now + this.ttlMs });
    return value;
  }

  private evict(now: number): void {
    for (const [key, entry] of this.cache) {
      if (entry.expiresAt > now && this.cache.size < this.maxEntries) break;
      this.cache.delete(key);
    }
  }

  private async fetch(
    query: string,
    variables: Record<string, unknown>,
    caller: EntityCaller,
  ): Promise<unknown> {
    const url = this.url();
    if (!url)
      throw new GraphQLError('The gateway is not listening yet.', { extensions: { code: 'UNAVAILABLE' } });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (caller.authorization) headers.authorization = caller.authorization;
    // The gateway trusts X-Forwarded-For from loopback: per-IP budgets apply to the subscriber.
    if (caller.clientIp) headers['x-forwarded-for'] = caller.clientIp;
    const response = await undiciRequest(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      dispatcher: this.dispatcher,
    });
    const json = (await response.body.json()) as {
      data?: { entity?: unknown } | null;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    };
    const entity = json.data?.entity;
    if ((entity === null || entity === undefined) && json.errors?.length) {
      const first = json.errors[0]!;
      throw new GraphQLError(first.message, {
        extensions: { code: first.extensions?.code ?? 'UNAVAILABLE' },
      });
    }
    return entity ?? null;
  }
}

/**
 * `query LiveEntity($<arg>: <type>, …used variables) { entity: <field>(<arg>: $<arg>) { …selection } } …fragments`
 * from the selection of `info`, with `__typename` added to every selection set (abstract types resolve
 * from it) and only the variables and fragments the selection uses.
 */
export function forwardedQuery(
  field: string,
  argument: string,
  argumentType: string,
  value: unknown,
  info: GraphQLResolveInfo,
): { query: string; variables: Record<string, unknown> } {
  const selections = info.fieldNodes.flatMap((node: FieldNode) => node.selectionSet?.selections ?? []);
  const fragments = new Map<string, FragmentDefinitionNode>();
  const variableNames = new Set<string>();
  const collect = (node: ASTNode) =>
    visit(node, {
      FragmentSpread(spread) {
        const name = spread.name.value;
        const fragment = info.fragments[name];
        if (fragment && !fragments.has(name)) {
          fragments.set(name, fragment);
          collect(fragment);
        }
      },
      Variable(variable) {
        variableNames.add(variable.name.value);
      },
    });
  const selectionSet: SelectionSetNode = { kind: Kind.SELECTION_SET, selections };
  collect(selectionSet);
  let own = `live${argument[0]!.toUpperCase()}${argument.slice(1)}`;
  while (variableNames.has(own)) own = `_${own}`;
  const definitions: VariableDefinitionNode[] = (info.operation.variableDefinitions ?? []).filter(
    (definition) => variableNames.has(definition.variable.name.value),
  );
  const withTypename = (node: ASTNode) =>
    print(
      visit(node, {
        SelectionSet(set) {
          const has = set.selections.some(
            (selection) =>
              selection.kind === Kind.FIELD && selection.name.value === '__typename' && !selection.alias,
          );
          if (has) return undefined;
          return {
            ...set,
            selections: [
              ...set.selections,
              { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } },
            ],
          };
        },
      }),
    );
  const header = [`$${own}: ${argumentType}`, ...definitions.map((definition) => print(definition))].join(
    ', ',
  );
  const query = [
    `query LiveEntity(${header}) { entity: ${field}(${argument}: $${own}) ${withTypename(selectionSet)} }`,
    ...[...fragments.values()].map(withTypename),
  ].join('\n');
  const variables: Record<string, unknown> = { [own]: value };
  for (const name of variableNames) {
    if (info.variableValues[name] !== undefined) variables[name] = info.variableValues[name];
  }
  return { query, variables };
}
