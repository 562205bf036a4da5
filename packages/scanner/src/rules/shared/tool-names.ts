/** Comparison key of a tool name: lower case, separators removed (`send-email` = `send_email` = `sendEmail`). */
export function toolKey(name: string): string {
  return name.toLowerCase().replace(/[\s_.-]+/g, '');
}

/** Words a "tool name" capture group may grab that are not names ("when the tool is called"). */
export const NOT_A_NAME = new Set([
  'the',
  'this',
  'that',
  'a',
  'an',
  'any',
  'each',
  'every',
  'other',
  'same',
  'my',
  'your',
  'its',
  'our',
  'another',
  'current',
  'following',
  'previous',
  'next',
  'first',
  'tool',
  'function',
]);
