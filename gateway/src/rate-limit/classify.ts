import {
  Kind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** The separate rate-limit budgets. */
export const BUDGETS = ['reads', 'searches', 'installs', 'publishes'] as const;
export type BudgetName = (typeof BUDGETS)[number];

/** Root fields with a budget of their own; every other root field is a read. */
const FIELD_BUDGETS: Record<string, BudgetName> = {
  search: 'searches',
  recommendTools: 'searches',
  recordInstall: 'installs',
  publishServer: 'publishes',
};

/** What one request costs: points per budget (each aliased search/install/publish counts). */
export type BudgetCosts = Partial<Record<BudgetName, number>>;

export interface Classification {
  /** The operation's own name (or null for an anonymous or unparsable operation). */
  operationName: string | null;
  costs: BudgetCosts;
}

/** An unparsable or ambiguous request is one read (Apollo then reports the problem). */
const ONE_READ: Classification = Object.freeze({ operationName: null, costs: Object.freeze({ reads: 1 }) });

/**
 * Classifies operations by their root fields: parsed once per distinct document (LRU-cached by text and
 * operation name), with the same token limit as execution so a huge document costs no more here.
 * Fragment spreads and inline fragments at the root are followed, so a publish cannot hide in a fragment.
 */
export class OperationClassifier {
  private readonly cache = new Map<string, Classification>();

  constructor(
    private readonly maxTokens: number,
    private readonly maxEntries = 1_000,
    /** Longer documents are classified but not cached (bounds the cache's memory). */
    private readonly maxCachedLength = 16 * 1024,
  ) {}

  classify(query: unknown, operationName?: unknown): Classification {
    if (typeof query !== 'string') return ONE_READ;
    const name = typeof operationName === 'string' && operationName ? operationName : undefined;
    const key = `${name ?? ''}\u0000${query}`;
    const cached = this.cache.get(key);
    if (cached) {
      // Refresh its place in the LRU order.
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const classification = this.compute(query, name);
    if (query.length <= this.maxCachedLength) {
      if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
      this.cache.set(key, classification);
    }
    return classification;
  }

  private compute(query: string, operationName: string | undefined): Classification {
    let document: DocumentNode;
    try {
      document = parse(query, { noLocation: true, maxTokens: this.maxTokens });
    } catch {
      return ONE_READ;
    }
    const operations = document.definitions.filter(
      (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
    );
    const operation = operationName
      ? operations.find((candidate) => candidate.name?.value === operationName)
      : operations.length === 1
        ? operations[0]
        : undefined;
    if (!operation) return ONE_READ;
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const costs: BudgetCosts = {};
    let reads = false;
    const visited = new Set<string>();
    const walk = (selectionSet: SelectionSetNode) => {
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          const budget =
            operation.operation === 'subscription' ? undefined : FIELD_BUDGETS[selection.name.value];
          if (budget) costs[budget] = (costs[budget] ?? 0) + 1;
          else reads = true;
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          walk(selection.selectionSet);
        } else {
          const fragmentName = selection.name.value;
          const fragment = fragments.get(fragmentName);
          if (fragment && !visited.has(fragmentName)) {
            visited.add(fragmentName);
            walk(fragment.selectionSet);
          }
        }
      }
    };
    walk(operation.selectionSet);
    if (reads || Object.keys(costs).length === 0) costs.reads = 1;
    return { operationName: operation.name?.value ?? null, costs };
  }
}
