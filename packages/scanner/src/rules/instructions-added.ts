import type { Finding } from '../types';
import { severityRank } from '../severity';
import type { Rule } from './types';

/** Families whose findings mean "instruction-like or hidden text" in a tool. */
const TEXT_FAMILIES = ['hidden-instructions.', 'exfiltration.', 'invisible-characters.'];

function textRuleIdsUnder(findings: readonly Finding[], prefix: readonly string[]): Set<string> {
  const ids = new Set<string>();
  for (const f of findings) {
    if (severityRank(f.severity) < severityRank('MEDIUM')) continue;
    if (!TEXT_FAMILIES.some((fam) => f.ruleId.startsWith(fam))) continue;
    if (prefix.every((seg, i) => f.path[i] === seg)) ids.add(f.ruleId);
  }
  return ids;
}

/**
 * `rug-pull.instructions-added`: a same-name tool changed *and* gained findings of the hidden-instruction,
 * exfiltration or invisible-character families that the previous version of that tool did not have.
 */
export const instructionsAddedRule: Rule = {
  id: 'rug-pull.instructions-added',
  family: 'rug-pull',
  severity: 'HIGH',
  description:
    'A pinned tool changed and the new definition adds instruction-like, exfiltration or hidden text (a hidden-instructions, exfiltration or invisible-characters finding the previous version of that tool did not have): the classic rug pull.',
  after(ctx, emit) {
    const changes = ctx.toolChanges;
    const previous = ctx.previous;
    if (!changes || !previous) return;
    for (const change of changes.changed) {
      const now = ctx.view.tools.find((t) => t.name === change.name);
      const before = previous.view.tools.find((t) => t.name === change.name);
      if (!now) continue;
      const nowIds = textRuleIdsUnder(ctx.findings, now.path);
      const beforeIds = before ? textRuleIdsUnder(previous.findings, before.path) : new Set<string>();
      const added = [...nowIds].filter((id) => !beforeIds.has(id)).sort();
      if (added.length === 0) continue;
      emit(
        now.path,
        `The tool "${change.name}" gained instruction-like text since version ${previous.version} (${added.join(', ')}).`,
        added.join(', '),
      );
    }
  },
};
