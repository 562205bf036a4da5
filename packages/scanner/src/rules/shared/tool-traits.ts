import { asString, isObject, type ToolView } from '../../manifest';

const DESTRUCTIVE_WORDS = new Set([
  'delete',
  'remove',
  'drop',
  'destroy',
  'wipe',
  'purge',
  'truncate',
  'erase',
  'kill',
  'terminate',
  'uninstall',
  'reset',
  'overwrite',
  'rm',
  'rmdir',
  'unlink',
  'revoke',
  'shutdown',
  'reboot',
  'prune',
  'nuke',
  'deprovision',
  'clear',
  'flush',
  'evict',
  'obliterate',
  'shred',
]);
const DESTRUCTIVE_LEAD =
  /^(?:permanently\s+)?(?:deletes?|removes?|drops?|destroys?|wipes?|purges?|truncates?|erases?|kills?|terminates?|uninstalls?|overwrites?|revokes?|shuts? down|prunes?)\b/i;

/** `deleteAllRows` / `delete-all-rows` → `['delete', 'all', 'rows']`. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** The destructive verb of a tool (from its name, else the first word of its description), if any. */
export function destructiveVerb(tool: ToolView): string | undefined {
  const word = tool.name ? nameWords(tool.name).find((w) => DESTRUCTIVE_WORDS.has(w)) : undefined;
  if (word) return word;
  const description = asString(tool.tool.description);
  const m = description ? DESTRUCTIVE_LEAD.exec(description.trim()) : null;
  return m ? m[0].toLowerCase() : undefined;
}

export interface Hints {
  present: boolean;
  readOnly?: boolean;
  destructive?: boolean;
}

export function hintsOf(tool: ToolView): Hints {
  const a = tool.tool.annotations;
  if (!isObject(a)) return { present: false };
  return {
    present: true,
    readOnly: typeof a.readOnlyHint === 'boolean' ? a.readOnlyHint : undefined,
    destructive: typeof a.destructiveHint === 'boolean' ? a.destructiveHint : undefined,
  };
}
