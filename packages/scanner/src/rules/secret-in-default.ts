import type { Rule } from './types';
import { packageStrings } from './shared/package-strings';
import { findKnownSecret, redact } from './shared/secrets';
import { where } from './shared/where';

/** `packaging.secret-in-default`: a real credential format in a value shipped with the manifest. */
export const secretInDefaultRule: Rule = {
  id: 'packaging.secret-in-default',
  family: 'packaging',
  severity: 'HIGH',
  description:
    'A value in the manifest has the shape of a real credential (GitHub/GitLab/npm/PyPI/Hugging Face tokens, AWS key ids, OpenAI/Anthropic/Stripe/Slack/Google keys, private keys, JWTs, passwords in URLs): leaked, and shared with every installer. Placeholders are ignored.',
  manifest(ctx, emit) {
    for (const s of packageStrings(ctx.view)) {
      const hit = findKnownSecret(s.value);
      if (hit) emit(s.path, `An install-time value contains a ${hit.label}.`, redact(hit.match));
    }
  },
  text(item, _ctx, emit) {
    if (item.kind === 'param-name' || item.kind === 'package-text') return;
    const hit = findKnownSecret(item.norm.clean);
    if (hit) emit(item.path, `${where(item.kind)} contains a ${hit.label}.`, redact(hit.match));
  },
};
