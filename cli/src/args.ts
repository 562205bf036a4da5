import { parseArgs } from 'node:util';
import { usageError } from './errors';

/** One option of a command: its parseArgs config plus what the help text says about it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Placeholder in help, e.g. `<dir>`. */
  value?: string;
  description: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface ParsedArgs {
  values: Values;
  positionals: string[];
}

/** Options every command accepts. */
export const GLOBAL_OPTIONS: OptionSpecs = {
  url: { type: 'string', value: '<url>', description: 'registry (gateway) base URL; overrides MCPR_URL' },
  'api-key': { type: 'string', value: '<key>', description: 'API key; overrides MCPR_API_KEY' },
  json: { type: 'boolean', description: 'print one JSON document on stdout and nothing else' },
  'no-color': { type: 'boolean', description: 'no colour even on a terminal (NO_COLOR works too)' },
  quiet: { type: 'boolean', short: 'q', description: 'no progress or notes on stderr' },
  help: { type: 'boolean', short: 'h', description: 'show help for the command' },
};

/** Parses a command line strictly: an unknown option or a missing value is a usage error (exit 2). */
export function parseCommandArgs(argv: readonly string[], specs: OptionSpecs, usage: string): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, spec] of Object.entries({ ...GLOBAL_OPTIONS, ...specs })) {
    options[name] = {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
    };
  }
  try {
    const parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: parsed.values as Values, positionals: parsed.positionals };
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*$/, '');
    throw usageError(message, `usage: ${usage}  (mcpm help for more)`);
  }
}

export function str(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function bool(values: Values, name: string): boolean {
  return values[name] === true;
}

export function list(values: Values, name: string): string[] {
  const value = values[name];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' ? [value] : [];
}

/** A positive integer option, or the default. */
export function int(values: Values, name: string, fallback: number, max = 100): number {
  const raw = str(values, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw usageError(`--${name} must be a positive integer, not ${JSON.stringify(raw)}`);
  return Math.min(Number(raw), max);
}

/** Exactly `count` positionals (or between min and max), else a usage error. */
export function positionals(args: ParsedArgs, min: number, max: number, usage: string): string[] {
  if (args.positionals.length < min) throw usageError('missing argument', `usage: ${usage}`);
  if (args.positionals.length > max) {
    throw usageError(`unexpected argument ${JSON.stringify(args.positionals[max])}`, `usage: ${usage}`);
  }
  return args.positionals;
}

/** `name@version` → parts; the version after the last `@` (server names contain no `@`). */
export function parseServerRef(ref: string, usage: string): { name: string; version?: string } {
  const at = ref.lastIndexOf('@');
  const name = at > 0 ? ref.slice(0, at) : ref;
  const version = at > 0 ? ref.slice(at + 1) : undefined;
  if (!/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/.test(name)) {
    throw usageError(
      `${JSON.stringify(name)} is not a server name`,
      `server names look like io.github.owner/server; usage: ${usage}`,
    );
  }
  if (version !== undefined && version.trim() === '') throw usageError(`missing version after "@" in ${ref}`);
  return version !== undefined ? { name, version } : { name };
}

/** The option list of a help text. */
export function formatOptions(specs: OptionSpecs): string {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : '    '}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    return [flag, spec.description + (spec.multiple ? ' (repeatable)' : '')] as const;
  });
  const width = Math.max(0, ...rows.map(([flag]) => flag.length));
  return rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`).join('\n');
}
