import { isObject } from '../manifest';
import type { Rule } from './types';

const TYPED_KEYS = ['type', 'enum', 'const', '$ref', 'anyOf', 'oneOf', 'allOf', 'properties', 'items', 'not'];

interface Looseness {
  properties: number;
  typed: number;
  objects: number;
  open: number;
}

function isOpen(v: unknown): boolean {
  return v === true || (isObject(v) && Object.keys(v).length === 0);
}

function measure(node: unknown, acc: Looseness, depth: number): void {
  if (depth > 32 || !isObject(node)) return;
  if (node.type === 'object' || isObject(node.properties)) {
    acc.objects++;
    if (isOpen(node.additionalProperties)) acc.open++;
  }
  if (isObject(node.properties)) {
    for (const child of Object.values(node.properties)) {
      acc.properties++;
      if (isObject(child) && TYPED_KEYS.some((k) => k in child)) acc.typed++;
      measure(child, acc, depth + 1);
    }
  }
  for (const key of ['items', 'additionalProperties']) measure(node[key], acc, depth + 1);
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const list = node[key];
    if (Array.isArray(list)) for (const s of list) measure(s, acc, depth + 1);
  }
}

/**
 * `capabilities.open-input-schema`: an input schema that constrains nothing — no parameter has a type, or
 * every object level explicitly accepts any extra property (`additionalProperties: true`).
 */
export const openInputSchemaRule: Rule = {
  id: 'capabilities.open-input-schema',
  family: 'capabilities',
  severity: 'MEDIUM',
  description:
    'A tool input schema with parameters but no types at all, or with `additionalProperties: true` at every object level: hosts cannot validate what the model sends, and arbitrary data can ride along.',
  manifest(ctx, emit) {
    for (const tool of ctx.view.tools) {
      const schema = tool.tool.inputSchema;
      if (!isObject(schema)) continue;
      const acc: Looseness = { properties: 0, typed: 0, objects: 0, open: 0 };
      measure(schema, acc, 0);
      const untyped = acc.properties > 0 && acc.typed === 0;
      const open = acc.objects > 0 && acc.open === acc.objects;
      if (!untyped && !open) continue;
      const why = untyped
        ? 'none of its parameters has a type'
        : 'every object level accepts additional properties';
      emit(
        [...tool.path, 'inputSchema'],
        `The input schema of "${tool.name ?? '?'}" constrains nothing: ${why}.`,
      );
    }
  },
};
