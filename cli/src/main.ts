import { homedir } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bool, formatOptions, GLOBAL_OPTIONS, parseCommandArgs, str } from './args';
import { COMMANDS } from './commands';
import type { Io } from './config';
import { Context, type Command } from './context';
import { CliError, ExitCode, type ExitCodeValue } from './errors';
import { Output } from './output';

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return '0.0.0';
  }
}

const EXIT_CODES =
  'Exit codes: 0 ok · 1 problem found (validation errors, vet DENY, verify drift, refused publish) ·\n' +
  '2 usage · 3 authentication/authorization · 4 registry unreachable or unavailable · 70 internal error';

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return [
    'mcpm — publish, vet, install and verify MCP servers with the MCP Registry',
    '',
    'usage: mcpm <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Options for every command:',
    formatOptions(GLOBAL_OPTIONS),
    '',
    'Environment: MCPR_URL (gateway base URL, default http://127.0.0.1:4000), MCPR_API_KEY, NO_COLOR,',
    'MCPM_CONFIG_DIR. Flags override the environment, which overrides what `mcpm login` stored.',
    EXIT_CODES,
    '',
    'mcpm help <command> shows the options of a command.',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return [
    `usage: ${command.usage}`,
    '',
    command.summary,
    ...(command.details ? ['', command.details] : []),
    ...(Object.keys(command.options).length ? ['', 'Options:', formatOptions(command.options)] : []),
    '',
    'Global options:',
    formatOptions(GLOBAL_OPTIONS),
    '',
    EXIT_CODES,
  ].join('\n');
}

/** Edit distance, to suggest the command that was meant. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}

function suggest(typed: string, names: string[]): string[] {
  const scored = names
    .map((name) => ({ name, score: distance(typed, name) }))
    .filter(({ score }) => score <= 2);
  const best = Math.min(...scored.map(({ score }) => score));
  return scored.filter(({ score }) => score === best).map(({ name }) => name);
}

/** Runs one mcpm command line and returns its exit code; never throws, never calls process.exit. */
export async function runCli(argv: readonly string[], io: Io): Promise<ExitCodeValue> {
  const version = packageVersion();
  const [name, ...rest] = argv;
  const plain = new Output({ stdout: io.stdout, stderr: io.stderr, env: io.env });
  if (name === undefined) {
    io.stderr.write(`${mainHelp()}\n`);
    return ExitCode.USAGE;
  }
  if (name === '--help' || name === '-h') {
    io.stdout.write(`${mainHelp()}\n`);
    return ExitCode.OK;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout.write(`${version}\n`);
    return ExitCode.OK;
  }
  if (name === 'help') {
    const topic = COMMANDS.find((command) => command.name === rest[0]);
    io.stdout.write(`${topic ? commandHelp(topic) : mainHelp()}\n`);
    return topic || rest.length === 0 ? ExitCode.OK : ExitCode.USAGE;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    const close = suggest(
      name,
      COMMANDS.map((candidate) => candidate.name),
    );
    plain.error(
      `unknown command ${JSON.stringify(name)}`,
      close.length
        ? `did you mean ${close.join(' or ')}? (mcpm help lists commands)`
        : 'mcpm help lists the commands',
    );
    return ExitCode.USAGE;
  }

  let out = plain;
  let ctx: Context | undefined;
  try {
    const args = parseCommandArgs(rest, command.options, command.usage);
    out = new Output({
      stdout: io.stdout,
      stderr: io.stderr,
      env: io.env,
      json: bool(args.values, 'json'),
      noColor: bool(args.values, 'no-color'),
      quiet: bool(args.values, 'quiet'),
    });
    if (bool(args.values, 'help')) {
      io.stdout.write(`${commandHelp(command)}\n`);
      return ExitCode.OK;
    }
    const url = str(args.values, 'url');
    const apiKey = str(args.values, 'api-key');
    ctx = new Context(
      io,
      out,
      { ...(url !== undefined ? { url } : {}), ...(apiKey !== undefined ? { apiKey } : {}) },
      version,
    );
    return await command.run(ctx, args);
  } catch (error) {
    if (error instanceof CliError) {
      out.error(error.message, error.hint);
      return error.exitCode;
    }
    out.error(
      `internal error: ${(error as Error)?.stack ?? String(error)}`,
      'this is a bug in mcpm; please report it with the command you ran',
    );
    return ExitCode.INTERNAL;
  } finally {
    out.clearProgress();
    await ctx?.close();
  }
}

/** The process entry point (bin/mcpm.js). */
export function main(): void {
  const io: Io = {
    env: process.env,
    cwd: process.cwd(),
    homedir: homedir(),
    platform: process.platform,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  };
  // stdout closed early (e.g. `mcpm search x | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  void runCli(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
