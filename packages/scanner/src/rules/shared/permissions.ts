import { SENSITIVE_PATH } from './sensitive-paths';

/** Patterns that cover everything (`*`, `/**`, `C:\`, `0.0.0.0/0`, `https://*`). */
export function isWildcard(pattern: string): boolean {
  const p = pattern.trim();
  const root = p.replace(/(?:[\\/]+\*{1,2})+[\\/]*$/, '').replace(/[\\/]+$/, '');
  if (['', '*', '**', '*.*', '*:*', '*/*', '0.0.0.0/0', '::/0', '*.*.*.*'].includes(root)) return true;
  if (/^[a-z]:$/i.test(root)) return true;
  return /^(?:https?|wss?|tcp|udp|\*):\/\/\*(?::\*)?(?:\/\**)?$/i.test(p);
}

/** Patterns that cover a whole home directory (`~`, `~/**`, `$HOME`, `%USERPROFILE%`, `/home/*`). */
export function isHomeWide(pattern: string): boolean {
  const root = pattern
    .trim()
    .replace(/(?:[\\/]+\*{1,2})+[\\/]*$/, '')
    .replace(/[\\/]+$/, '');
  return /^(?:~|\$home|\$\{home\}|%userprofile%|\/home|\/users|\/root|c:\\users)$/i.test(root);
}

/** Files that run code at login, on a schedule or on git events: writing them is persistence. */
const PERSISTENCE =
  /(?:^|[\\/])\.(?:bashrc|bash_profile|bash_login|profile|zshrc|zprofile|zshenv|config[\\/]fish[\\/]config\.fish)\b|\bcrontab\b|\/etc\/cron|\blaunchagents\b|\blaunchdaemons\b|\.config[\\/]autostart\b|\bstart menu[\\/]programs[\\/]startup\b|\.git[\\/]hooks\b|\/etc\/(?:profile|rc\.local|systemd)\b|\.ssh[\\/]rc\b/i;

/** The persistence location a FILE_WRITE pattern reaches, if any. */
export function persistencePathIn(pattern: string): string | undefined {
  const m = PERSISTENCE.exec(pattern);
  return m ? m[0] : undefined;
}

/** The sensitive path a file pattern touches, if any. */
export function sensitivePathIn(pattern: string): string | undefined {
  SENSITIVE_PATH.lastIndex = 0;
  const m = SENSITIVE_PATH.exec(pattern.toLowerCase());
  return m ? m[0] : undefined;
}
