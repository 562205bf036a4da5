import type { PhraseHit } from './phrase';
import { NOT_A_NAME, toolKey } from './tool-names';
import type { RuleContext } from '../types';

/** Quote characters allowed around a referenced tool name. */
export const Q = '[`\'"„“”«»]?';
/** A referenced tool name, captured as `tool`. */
export const TOOL = '(?<tool>[a-z0-9][\\w.-]*)';

/**
 * For patterns that capture a `tool`: true when the referenced name is a real name (not "the", "this")
 * and not one of the manifest's own tools. Patterns without a `tool` group are always accepted.
 */
export function referencesForeignTool(hit: PhraseHit, ctx: RuleContext): boolean {
  if (!('tool' in hit.groups)) return true;
  const name = hit.groups.tool;
  if (!name || NOT_A_NAME.has(name)) return false;
  return !ctx.ownToolNames.has(toolKey(name));
}
