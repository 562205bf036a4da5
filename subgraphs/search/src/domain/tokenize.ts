/**
 * Keyword tokenisation shared by the embedded BM25 engine and (as an equivalent analyzer definition) OpenSearch.
 *
 * Tool identifiers arrive as `get_current_stock_price`, `getCurrentStockPrice`, `web-search` or `v1.nutrition`,
 * while people type "current stock price". So every identifier is split into its parts, and the compound
 * (the parts joined) is kept too so that "websearch" or "github" still match `web-search` / `GitHub`.
 */

export interface TokenizeOptions {
  /** Light English stemming (plural and a few verb suffixes). Default true. */
  stem?: boolean;
  /** Drop English stopwords and single letters (the `m` of "I'm"). Default true. */
  stopwords?: boolean;
  /** Emit the joined compound of a split identifier as an extra token. Default true. */
  compounds?: boolean;
}

/** A compact English stopword list (Lucene's English set plus a few pronouns and auxiliaries). */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be but by for if in into is it no not of on or such that the their then there these they ' +
    'this to was will with i me my we our you your he she him her his its them us am been being do does did ' +
    'doing have has had having would could should can may might must shall from about so than too very just ' +
    'im ive id ill youre whats what which who whom when where how why all any each some other up down out over ' +
    'also'
  ).split(' '),
);

/**
 * Request boilerplate: words that say how a person asks ("please help me, I need to…", "I'm looking for…"),
 * not which capability they need. Dropped from keyword queries when `keyword.queryStopwords` is on (never
 * from documents: "show" or "need" can be part of what a tool does).
 */
export const REQUEST_WORDS: ReadonlySet<string> = new Set(
  (
    'please kindly help need needs needed want wants wanted like would could able sure let lets know ' +
    'hi hello thanks thank looking trying interested curious wondering going gonna ' +
    'provide give show tell'
  ).split(' '),
);

/** Removes `REQUEST_WORDS` that stand alone in the text (identifiers such as `help_center` are kept). */
export function stripRequestWords(text: string): string {
  return text
    .split(/\s+/u)
    .filter((w) => !REQUEST_WORDS.has(w.toLowerCase().replace(/[^\p{L}]/gu, '')))
    .join(' ');
}

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/u;
/** A run of identifier characters (letters, digits, and the separators identifiers use internally). */
const CHUNK = /[\p{L}\p{N}]+(?:[._\-'’][\p{L}\p{N}]+)*/gu;

/**
 * Splits one identifier-like chunk into lowercase parts: separators `_ - . '`, camelCase humps
 * (`getHTTPResponse` → get, http, response), and letter/digit boundaries (`v1` → v, 1).
 */
export function splitIdentifier(chunk: string): string[] {
  const parts: string[] = [];
  for (const piece of chunk.split(/[._\-'’]+/u)) {
    if (!piece) continue;
    const humps = piece
      .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
      .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
      .replace(/(\p{L})(\p{N})/gu, '$1 $2')
      .replace(/(\p{N})(\p{L})/gu, '$1 $2')
      .split(' ');
    for (const h of humps) if (h) parts.push(h.toLowerCase());
  }
  return parts;
}

/** Splits CJK runs into overlapping character bigrams (unigram for a lone character). */
function cjkTokens(run: string, out: string[]): void {
  const chars = Array.from(run);
  if (chars.length === 1) {
    out.push(chars[0]!);
    return;
  }
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
}

/**
 * Tokenises text for keyword search: NFKC, identifier splitting with the compound kept, lowercase,
 * stopwords removed, light stemming.
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const stem = options.stem ?? true;
  const dropStop = options.stopwords ?? true;
  const compounds = options.compounds ?? true;
  const out: string[] = [];
  const push = (token: string): void => {
    if (dropStop && (STOPWORDS.has(token) || /^\p{L}$/u.test(token))) return;
    out.push(stem ? stemToken(token) : token);
  };
  for (const match of text.normalize('NFKC').matchAll(CHUNK)) {
    const chunk = match[0];
    if (CJK.test(chunk)) {
      // Mixed runs: split CJK from the rest, bigram the CJK parts.
      for (const seg of chunk.split(
        /([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+)/u,
      )) {
        if (!seg) continue;
        if (CJK.test(seg)) cjkTokens(seg, out);
        else for (const p of splitIdentifier(seg)) push(p);
      }
      continue;
    }
    const parts = splitIdentifier(chunk);
    for (const p of parts) push(p);
    if (compounds && parts.length > 1) {
      const joined = parts.join('');
      // Apostrophes are not identifiers: "don't" should not produce "dont".
      if (!/['’]/u.test(chunk) && !STOPWORDS.has(joined)) out.push(stem ? stemToken(joined) : joined);
    }
  }
  return out;
}

/**
 * A light English stemmer (S-stemmer with a few verb suffixes). Conservative on purpose: tool text is
 * full of identifiers and proper names, where aggressive Porter rules conflate unrelated words.
 */
export function stemToken(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let w = word;
  // Plurals
  if (w.endsWith('ies') && w.length > 4 && !/[ae]ies$/.test(w)) w = w.slice(0, -3) + 'y';
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(?:ch|sh|x|zz)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(?:ss|us|is|ys)$/.test(w)) w = w.slice(0, -1);
  // Verb forms
  else if (w.endsWith('ing') && w.length > 5) w = undouble(w.slice(0, -3));
  else if (w.endsWith('ed') && w.length > 4 && !w.endsWith('eed')) {
    const base = w.slice(0, -2);
    w = base.endsWith('i') ? base.slice(0, -1) + 'y' : undouble(base);
  }
  // A final silent e, so that create / creates / created / creating share one stem.
  if (w.length > 4 && w.endsWith('e') && !w.endsWith('ee')) w = w.slice(0, -1);
  return w;
}

/** `running` → `runn` → `run`; `searching` → `search`; `creating` → `creat` (same stem as `created`). */
function undouble(stem: string): string {
  if (stem.length > 2 && /([b-df-hj-np-tv-z])\1$/.test(stem) && !/(?:ll|ss|zz)$/.test(stem))
    return stem.slice(0, -1);
  return stem;
}
