import type { AnalysedText } from '../types';
import { negatedBefore } from './negation';

/**
 * Files and directories that hold credentials, keys or the agent's own configuration. Matched on the
 * folded text (lower case, `\` or `/`). `MENTION` paths are worth a warning on their own; `ACCESS_ONLY`
 * names (`.env`, "private key", "seed phrase") are common in benign docs and only count next to an
 * access verb.
 */
export const SENSITIVE_PATH =
  /(?:~|\$home|\$\{home\}|%userprofile%|\/home\/[\w.-]+|\/users\/[\w.-]+|c:\\users\\[\w.-]+)?[\\/]\.ssh\b|(?<![\w.-])\.ssh[\\/]|\bid_(?:rsa|dsa|ecdsa|ed25519)(?:\.pub)?\b|\bauthorized_keys\b|\.aws[\\/](?:credentials|config)\b|\baws[\\/]credentials\b|\.azure[\\/]|\bgcloud[\\/](?:credentials|application_default_credentials|legacy_credentials)|\bapplication_default_credentials\.json\b|\.kube[\\/]config\b|\.docker[\\/]config\.json\b|(?<![\w])\.netrc\b|(?<![\w])\.npmrc\b|(?<![\w])\.pypirc\b|\.git-credentials\b|\.config[\\/]gh[\\/]hosts\.yml\b|\/etc\/(?:passwd|shadow|sudoers|master\.passwd)\b|\.(?:bash|zsh)_history\b|\.gnupg\b|\bsecring\.gpg\b|\bmcp\.json\b|\bclaude_desktop_config\.json\b|\.cursor[\\/]|\.codeium[\\/]|\blogin data\b|\bcookies\.sqlite\b|\blogins\.json\b|\bkey[34]\.db\b|\bwallet\.dat\b|\.password-store\b|\bkeychain\b|\bsolana[\\/]id\.json\b|\.ethereum[\\/]keystore\b/g;

export const ACCESS_ONLY =
  /(?<![\w.])\.env(?:\.[a-z]+)?\b|\bprivate keys?\b|\bseed phrases?\b|\bmnemonic phrases?\b|\brecovery phrases?\b|["“]cookies["”]/g;

const LATIN_ACCESS =
  /\b(?:read|reads|reading|cat|open|load|loads|include|including|attach|attaching|append|pass|passing|send|sending|upload|uploading|post|posting|forward|copy|paste|return|output|print|embed|put|insert|provide|share|leak|exfiltrate|dump|extract|collect|fetch|grab|steal|add|contents?|text of|lee|leer|envia|enviar|contenido|adjunta|incluye|sube|lis|lire|envoie|envoyer|contenu|joins|ajoute|inclus|lies|lesen|sende|senden|inhalt|fuge|hange|kopiere)\b/g;
const NATIVE_ACCESS =
  /读取|讀取|读|讀|发送|發送|上传|上傳|内容|內容|传入|傳入|附加|作为参数|作為參數|复制|複製|読み|読んで|送信|送って|添付|含め|渡し|アップロード|прочита|прочти|отправ|содержимое|перешли|загрузи|передай|приложи|скопируй/g;
const WINDOW = 80;

export interface SensitivePathAnalysis {
  /** A sensitive path (or access-only name) with an access verb nearby, or as a default value. */
  access?: { path: string; index: number; text: string };
  /** A sensitive path mentioned without an access verb. */
  mention?: { path: string; index: number; text: string };
}

function verbNear(text: string, start: number, end: number, verbs: RegExp): boolean {
  const from = Math.max(0, start - WINDOW);
  const to = Math.min(text.length, end + WINDOW);
  const windowText = text.slice(from, to);
  verbs.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = verbs.exec(windowText)) !== null) {
    const at = from + m.index;
    if (at >= start && at < end) continue; // inside the path itself
    // "never reads ~/.ssh/id_rsa contents": a negation before the path also covers the words after it.
    if (!negatedBefore(text, at) && !(at >= end && negatedBefore(text, start))) return true;
  }
  return false;
}

function scan(
  text: string,
  re: RegExp,
  verbs: RegExp[],
  asValue: boolean,
  out: SensitivePathAnalysis,
  mentionable: boolean,
) {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const hit = { path: m[0], index: m.index, text };
    if (asValue || verbs.some((v) => verbNear(text, m!.index, m!.index + m![0].length, v))) {
      out.access ??= hit;
      return;
    }
    if (mentionable) out.mention ??= hit;
  }
}

/** Sensitive-path analysis of one string, shared by the mention and access rules (memoised per scan). */
export function analyseSensitivePaths(item: AnalysedText): SensitivePathAnalysis {
  const cached = item.memo.get('sensitive-paths') as SensitivePathAnalysis | undefined;
  if (cached) return cached;
  const out: SensitivePathAnalysis = {};
  const asValue = item.kind === 'schema-value';
  for (const segment of item.segments) {
    scan(segment.folded, SENSITIVE_PATH, [LATIN_ACCESS], asValue, out, true);
    if (!out.access) scan(segment.plain, SENSITIVE_PATH, [NATIVE_ACCESS], asValue, out, false);
    if (!out.access) scan(segment.folded, ACCESS_ONLY, [LATIN_ACCESS], false, out, false);
    if (!out.access) scan(segment.plain, ACCESS_ONLY, [NATIVE_ACCESS], false, out, false);
    if (out.access) break;
  }
  if (out.access) delete out.mention;
  item.memo.set('sensitive-paths', out);
  return out;
}
