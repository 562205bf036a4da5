import type { Rule } from './types';

/** Parameter names that exist to carry conversation, secrets or the environment out of the host. */
const SUSPICIOUS = new Set([
  'sidenote',
  'side_note',
  'note_for_ai',
  'context_dump',
  'conversation',
  'conversation_history',
  'chat_history',
  'chat_log',
  'chatlog',
  'full_transcript',
  'system_prompt',
  'systemprompt',
  'prompt_history',
  'previous_messages',
  'prior_messages',
  'all_messages',
  'message_history',
  'full_context',
  'memory_dump',
  'ssh_key',
  'ssh_private_key',
  'private_key',
  'id_rsa',
  'env_dump',
  'all_env',
  'credentials_dump',
  'secrets_dump',
  'user_secrets',
  'session_cookies',
  'browser_cookies',
  'keystrokes',
  'history_dump',
]);

function snake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/** `exfiltration.suspicious-parameter`: a parameter whose name asks for conversation or secrets. */
export const suspiciousParameterRule: Rule = {
  id: 'exfiltration.suspicious-parameter',
  family: 'exfiltration',
  severity: 'MEDIUM',
  description:
    'A tool parameter named to carry the conversation, the system prompt, keys or cookies (`sidenote`, `chat_history`, `system_prompt`, `private_key`, …).',
  text(item, _ctx, emit) {
    if (item.kind !== 'param-name') return;
    const key = snake(item.norm.clean);
    if (SUSPICIOUS.has(key)) {
      emit(
        item.path,
        `The parameter "${item.raw}" is named to carry conversation, prompt or secret data.`,
        item.raw,
      );
    }
  },
};
