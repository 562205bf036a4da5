/**
 * The tuned configuration committed before tuning revision 2 (README "Tuning protocol"), kept so `run.ts
 * --config=previous` can report it next to the current one. Values are differences from DEFAULT_SEARCH_CONFIG.
 */
import type { DeepPartial, SearchConfig } from '../../subgraphs/search/src/domain/search-config';

export const PREVIOUS_TUNED: DeepPartial<SearchConfig> = {
  keyword: {
    tool: {
      k1: 0.5,
      fields: {
        name: { boost: 0.25 },
        description: { boost: 0.25 },
        paramNames: { boost: 3 },
        paramDescriptions: { boost: 3, b: 0.1 },
        categories: { boost: 1 },
      },
    },
  },
  vector: { toolFacets: { server: 0.25 } },
  fusion: { alpha: 0.45, depth: 200 },
  rollup: { topTools: 2, decay: 0.25, serverWeight: 0 },
};
