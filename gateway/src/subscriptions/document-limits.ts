import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { LiveLimits } from './limits';

/**
 * Depth and alias limits of a live document, as graphql-armor applies them on HTTP (`extensions.limit`
 * names the limit). Depth counts nested selection sets through fragments (cycles are a validation error
 * anyway and are not followed twice); aliases are counted over the whole document.
 */
export function documentLimitErrors(
  document: DocumentNode,
  limits: Pick<LiveLimits, 'maxDepth' | 'maxAliases'>,
): GraphQLError[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  let aliases = 0;
  const depthOf = (set: SelectionSetNode | undefined, seen: Set<string>): number => {
    if (!set) return 0;
    let deepest = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases += 1;
        deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(selection.selectionSet, seen) : 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || seen.has(name)) continue;
        deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...seen, name])));
      }
    }
    return deepest;
  };
  const errors: GraphQLError[] = [];
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const depth = depthOf(definition.selectionSet, new Set());
    if (depth > limits.maxDepth) {
      errors.push(
        new GraphQLError(`Query depth ${depth} exceeds the limit of ${limits.maxDepth}.`, {
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'depth' },
        }),
      );
    }
  }
  if (aliases > limits.maxAliases) {
    errors.push(
      new GraphQLError(`The document uses ${aliases} aliases; the limit is ${limits.maxAliases}.`, {
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'aliases' },
      }),
    );
  }
  return errors;
}
