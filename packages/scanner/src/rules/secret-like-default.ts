import type { Rule } from './types';
import { packageStrings } from './shared/package-strings';
import { findKnownSecret, looksLikeSecretValue, redact, SECRET_NAME } from './shared/secrets';

/**
 * `packaging.secret-like-default`: a secret-named input (or one marked `isSecret`) ships a concrete
 * high-entropy value. Known formats are `packaging.secret-in-default` instead.
 */
export const secretLikeDefaultRule: Rule = {
  id: 'packaging.secret-like-default',
  family: 'packaging',
  severity: 'MEDIUM',
  description:
    'An input named like a secret (key, token, password, credential, …) or marked isSecret has a concrete high-entropy default or value (not a placeholder).',
  manifest(ctx, emit) {
    for (const s of packageStrings(ctx.view)) {
      if (s.role === 'url' || s.role === 'hint') continue;
      if (!s.secret && !(s.owner && SECRET_NAME.test(s.owner))) continue;
      if (findKnownSecret(s.value) || !looksLikeSecretValue(s.value)) continue;
      emit(s.path, `The secret input "${s.owner ?? '?'}" ships a concrete value.`, redact(s.value));
    }
  },
  text(item, _ctx, emit) {
    if (item.kind !== 'schema-value') return;
    const i = item.path.lastIndexOf('properties');
    const param = i >= 0 ? item.path[i + 1] : undefined;
    if (!param || !SECRET_NAME.test(param)) return;
    if (findKnownSecret(item.raw) || !looksLikeSecretValue(item.raw)) return;
    emit(
      item.path,
      `The secret parameter "${param}" has a concrete default or example value.`,
      redact(item.raw),
    );
  },
};
