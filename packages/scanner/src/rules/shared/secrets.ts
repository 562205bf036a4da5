/** Credential formats with a recognisable prefix or shape. */
export const KNOWN_SECRETS: readonly { label: string; re: RegExp }[] = [
  { label: 'GitHub token', re: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { label: 'GitHub fine-grained token', re: /\bgithub_pat_[A-Za-z0-9_]{50,}\b/ },
  { label: 'GitLab token', re: /\bglpat-[A-Za-z0-9_-]{20,}\b/ },
  { label: 'AWS access key id', re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA)[A-Z0-9]{16}\b/ },
  { label: 'OpenAI/Anthropic API key', re: /\bsk-(?:proj-|ant-(?:api\d\d-)?|svcacct-)?[A-Za-z0-9_-]{20,}/ },
  { label: 'Stripe live key', re: /\b[rs]k_live_[A-Za-z0-9]{20,}\b/ },
  { label: 'Slack token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  {
    label: 'Slack webhook',
    re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/,
  },
  { label: 'Google API key', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { label: 'Google OAuth token', re: /\bya29\.[0-9A-Za-z_-]{20,}/ },
  { label: 'private key', re: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/ },
  { label: 'JSON Web Token', re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { label: 'MCP Registry API key', re: /\bmcpr_[A-Za-z0-9]{36}\b/ },
  { label: 'npm token', re: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { label: 'PyPI token', re: /\bpypi-AgE[A-Za-z0-9_-]{50,}/ },
  { label: 'Hugging Face token', re: /\bhf_[A-Za-z0-9]{30,}\b/ },
  { label: 'SendGrid key', re: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/ },
  { label: 'DigitalOcean token', re: /\bdop_v1_[a-f0-9]{64}\b/ },
  { label: 'password in a URL', re: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:(?<pw>[^/\s@{}<>$]{8,})@/i },
];

const PLACEHOLDER =
  /x{4,}|\*{4,}|\.{3}|your|example|sample|placeholder|changeme|redacted|dummy|fake|test|here|<|>|\{|\}|\$/i;

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** The first real-looking credential in `s` (placeholders like `sk-xxxx…` and `<your-key>` are skipped). */
export function findKnownSecret(s: string): { label: string; match: string } | undefined {
  if (s.length < 16) return undefined;
  for (const { label, re } of KNOWN_SECRETS) {
    const m = re.exec(s);
    if (!m) continue;
    const body = m.groups?.pw ?? m[0];
    if (label !== 'private key' && (PLACEHOLDER.test(body) || entropy(body) < 3)) continue;
    return { label, match: m[0] };
  }
  return undefined;
}

/** Names of inputs that hold secrets. */
export const SECRET_NAME = /key|token|secret|passw|passwd|pwd|credential|auth|bearer|cookie|session/i;

/** A concrete high-entropy value (not a placeholder, template, path or URL) that could be a credential. */
export function looksLikeSecretValue(v: string): boolean {
  const s = v.replace(/^bearer\s+/i, '').trim();
  if (s.length < 16 || /\s/.test(s) || PLACEHOLDER.test(s) || /^[a-z]+:\/\//i.test(s) || /[\\/]/.test(s))
    return false;
  if (!/[0-9]/.test(s) || !/[A-Za-z]/.test(s)) return false;
  return entropy(s) >= 3.5;
}

/** Shows the first and last characters of a secret only. */
export function redact(secret: string): string {
  return secret.length <= 12 ? '***' : `${secret.slice(0, 6)}…${secret.slice(-3)} (${secret.length} chars)`;
}
