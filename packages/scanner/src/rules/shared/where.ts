import type { TextKind } from '../../text/collect';

const LABELS: Record<TextKind, string> = {
  'server-name': 'The server name',
  'server-title': 'The server title',
  'server-description': 'The server description',
  'tool-name': 'A tool name',
  'tool-title': 'A tool title',
  'tool-description': 'A tool description',
  'param-name': 'A parameter name',
  'schema-text': 'A schema description',
  'schema-value': 'A schema default, enum or example value',
  label: 'A category or capability label',
  'package-text': 'A package or remote description',
};

/** "A tool description", "The server title", … for messages. */
export function where(kind: TextKind): string {
  return LABELS[kind];
}

/** Identifier-like strings: the phrase rules skip them (look-alike rules read them instead). */
export function isIdentifier(kind: TextKind): boolean {
  return kind === 'server-name' || kind === 'tool-name';
}
