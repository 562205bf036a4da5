import type { Rule } from './types';
import { namespaceOwner, PROTECTED_BRANDS, splitName } from './shared/server-names';

const MARKER =
  /(?:^|[-_.])(?:official|verified|team|support|security|admin|hq|inc|corp|real|authentic|trusted|staff)(?:$|[-_.])|official|verified/;

/**
 * `names.impersonation`: a namespace that dresses up as a protected brand it does not belong to
 * (`io.github.anthropic-official`, `io.modelcontextprotocol-official`).
 */
export const impersonationRule: Rule = {
  id: 'names.impersonation',
  family: 'names',
  severity: 'HIGH',
  description:
    'The namespace combines a protected brand (Anthropic, MCP, OpenAI, GitHub, Microsoft, Google, AWS, Stripe, Cloudflare, …) with an authority marker ("official", "verified", "team", "support", …) but is not one of the brand’s own namespaces.',
  manifest(ctx, emit) {
    const name = ctx.view.name;
    if (!name) return;
    const namespace = splitName(name)[0].toLowerCase();
    const owner = namespaceOwner(namespace);
    const squashed = owner.replace(/[-_.]/g, '');
    const tokens = owner.split(/[-_.]/);
    for (const [brand, legit] of Object.entries(PROTECTED_BRANDS)) {
      // Short brands must be a whole token (`aws-team`, not `laws-team`).
      const hasBrand = brand.length <= 4 ? tokens.includes(brand) : squashed.includes(brand);
      if (!hasBrand || legit.includes(namespace) || owner === brand) continue;
      if (!MARKER.test(owner.replace(brand, ''))) continue;
      emit(
        ['name'],
        `The namespace "${namespace}" presents itself as ${brand} ("${owner}") but is not a namespace ${brand} publishes under.`,
        name,
      );
      return;
    }
  },
};
