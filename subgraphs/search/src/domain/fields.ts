/**
 * The text each engine sees: keyword fields (searched with per-field boosts) and embedding texts ("facets",
 * one vector each) for tools and servers. Both engines of a leg read the same definitions.
 */
import type { ServerDocument, ToolDocument } from './documents';
import { splitIdentifier } from './tokenize';

export const TOOL_FIELDS = [
  'name',
  'description',
  'paramNames',
  'paramDescriptions',
  'server',
  'serverDescription',
  'categories',
] as const;
export type ToolField = (typeof TOOL_FIELDS)[number];

export const SERVER_FIELDS = ['name', 'description', 'toolNames', 'toolDescriptions', 'categories'] as const;
export type ServerField = (typeof SERVER_FIELDS)[number];

export type FieldTexts<F extends string> = Record<F, string>;

/** `get_current_stock_price` → `get current stock price`; `io.github.acme/pg-tools` → `io github acme pg tools`. */
export function humanize(identifier: string): string {
  return identifier
    .split(/[\s/]+/u)
    .map((chunk) => splitIdentifier(chunk).join(' '))
    .filter(Boolean)
    .join(' ');
}

/** The readable part of a server name: `io.github.acme/postgres-mcp` → `postgres mcp`. */
export function serverShortName(serverName: string): string {
  const slash = serverName.lastIndexOf('/');
  return humanize(slash >= 0 ? serverName.slice(slash + 1) : serverName);
}

function join(...parts: (string | undefined)[]): string {
  return parts.filter((p) => p && p.trim()).join(' ');
}

export function toolKeywordFields(doc: ToolDocument): FieldTexts<ToolField> {
  return {
    name: join(doc.toolName, doc.title),
    description: doc.description,
    paramNames: doc.params.map((p) => p.name).join(' '),
    paramDescriptions: doc.params.map((p) => p.description ?? '').join(' '),
    server: join(doc.serverName, doc.serverTitle),
    serverDescription: doc.serverDescription,
    categories: doc.categories.join(' '),
  };
}

export function serverKeywordFields(doc: ServerDocument): FieldTexts<ServerField> {
  return {
    name: join(doc.id, doc.title),
    description: doc.description,
    toolNames: doc.tools.map((t) => join(t.name, t.title)).join(' '),
    toolDescriptions: doc.tools.map((t) => t.description).join(' '),
    categories: doc.categories.join(' '),
  };
}

/** Named vectors of a tool. */
export const TOOL_FACETS = ['tool', 'params', 'server', 'full'] as const;
export type ToolFacet = (typeof TOOL_FACETS)[number];
export const SERVER_FACETS = ['server', 'full'] as const;
export type ServerFacet = (typeof SERVER_FACETS)[number];

function sentence(s: string): string {
  const t = s.trim();
  return t && !/[.!?。]$/u.test(t) ? `${t}.` : t;
}

/** Embedding texts of a tool, one per facet (an empty facet embeds to a zero vector). */
export function toolEmbeddingTexts(doc: ToolDocument): Record<ToolFacet, string> {
  const name = humanize(doc.toolName);
  const head = doc.title && doc.title.toLowerCase() !== name ? `${doc.title} (${name})` : name;
  const tool = `${head}: ${sentence(doc.description)}`;
  const paramList = doc.params
    .map((p) => (p.description ? `${humanize(p.name)}: ${p.description}` : humanize(p.name)))
    .join('; ');
  const serverLabel = doc.serverTitle || serverShortName(doc.serverName);
  const server = `${serverLabel}: ${sentence(doc.serverDescription)}`;
  return {
    tool,
    params: paramList ? `${head} with ${paramList}` : '',
    server,
    full: [tool, paramList ? `Parameters: ${paramList}.` : '', `Server: ${server}`].filter(Boolean).join(' '),
  };
}

export function serverEmbeddingTexts(doc: ServerDocument): Record<ServerFacet, string> {
  const label = doc.title || serverShortName(doc.id);
  const server = `${label}: ${sentence(doc.description)}`;
  const tools = doc.tools.map((t) => humanize(t.name)).join(', ');
  return { server, full: tools ? `${server} Tools: ${tools}.` : server };
}
