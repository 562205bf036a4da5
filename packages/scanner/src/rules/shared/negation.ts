/**
 * A negation shortly before a verb ("never reads", "does not send", "不要读取"). The gap may contain
 * dots inside tokens (`~/.ssh/`) but not a sentence end.
 */
const NEGATION =
  /(?:\b(?:never|not|without|no|nunca|jamais|niemals|nie|ni|kein|keine)\b|n't\b|(?:^|\s)(?:не|никогда)\s|不|没|沒|勿|别|別|禁止)(?:(?!\.\s)[^!?;。])*$/u;

export function negatedBefore(text: string, index: number): boolean {
  return NEGATION.test(text.slice(Math.max(0, index - 28), index));
}
