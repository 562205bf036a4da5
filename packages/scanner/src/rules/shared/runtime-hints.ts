/** Runtime hints a host may run without a second look (the allowlist, plus `python3`). */
export const RUNTIME_HINT_ALLOWLIST: readonly string[] = [
  'npx',
  'uvx',
  'docker',
  'dnx',
  'node',
  'python',
  'python3',
];

/** Runtime hints that run arbitrary command strings: shells, downloaders, privilege escalation. */
export const SHELL_RUNTIMES: readonly string[] = [
  'sh',
  'bash',
  'zsh',
  'dash',
  'ksh',
  'fish',
  'csh',
  'tcsh',
  'cmd',
  'powershell',
  'pwsh',
  'curl',
  'wget',
  'eval',
  'exec',
  'sudo',
  'su',
  'doas',
  'busybox',
  'env',
  'xargs',
];

/** `"/usr/bin/Bash.exe "` → `bash`. */
export function runtimeName(hint: string): string {
  const base = hint.trim().split(/\s+/)[0].split(/[\\/]/).pop() ?? '';
  return base.toLowerCase().replace(/\.exe$/, '');
}
