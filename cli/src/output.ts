import type { Writable } from 'node:stream';

/** A stream as mcpm sees it: something to write to that may be a terminal. */
export type OutStream = Pick<Writable, 'write'> & { isTTY?: boolean; columns?: number };

export interface OutputOptions {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
  /** `--json`: stdout carries exactly one JSON document and nothing else. */
  json?: boolean;
  /** `--no-color`. */
  noColor?: boolean;
  /** `--quiet`: no progress or notes on stderr (warnings and errors still appear). */
  quiet?: boolean;
}

type Paint = (text: string) => string;

export interface Palette {
  bold: Paint;
  dim: Paint;
  red: Paint;
  green: Paint;
  yellow: Paint;
  cyan: Paint;
}

const ESC = String.fromCharCode(27);
/** SGR colour sequences (built from ESC so the source holds no control character). */
const ANSI = new RegExp(`${ESC}\\[[0-9;]*m`, 'g');

/** The visible width of a string (ANSI colour codes do not count). */
export function visibleLength(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

function palette(enabled: boolean): Palette {
  const sgr =
    (open: number, close: number): Paint =>
    (text) =>
      enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    red: sgr(31, 39),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    cyan: sgr(36, 39),
  };
}

/**
 * Colour only for a terminal, never when NO_COLOR is set (https://no-color.org), TERM is dumb or
 * `--no-color` was given; FORCE_COLOR=1 turns it on for a non-terminal.
 */
export function colourEnabled(stream: OutStream, env: Record<string, string | undefined>, noColor = false) {
  if (noColor || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/**
 * Everything mcpm prints goes through here, so the rules hold in one place: results on stdout (or, with
 * `--json`, a single JSON document and nothing else), progress, notes, warnings and errors on stderr,
 * colour only on a terminal.
 */
export class Output {
  readonly json: boolean;
  /** Colours for stdout. */
  readonly c: Palette;
  /** Colours for stderr. */
  readonly e: Palette;
  private readonly quiet: boolean;
  private progressShown = false;
  private jsonWritten = false;

  constructor(private readonly options: OutputOptions) {
    this.json = options.json === true;
    this.quiet = options.quiet === true;
    this.c = palette(colourEnabled(options.stdout, options.env, options.noColor));
    this.e = palette(colourEnabled(options.stderr, options.env, options.noColor));
  }

  /** A line of human output on stdout; nothing in `--json` mode. */
  print(line = ''): void {
    if (this.json) return;
    this.clearProgress();
    this.options.stdout.write(`${line}\n`);
  }

  /** The JSON document of a `--json` run (written once); nothing otherwise. */
  result(value: unknown): void {
    if (!this.json || this.jsonWritten) return;
    this.jsonWritten = true;
    this.clearProgress();
    this.options.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** A note on stderr (e.g. "wrote server.json"); hidden by `--quiet`. */
  note(message: string): void {
    if (this.quiet) return;
    this.clearProgress();
    this.options.stderr.write(`${message}\n`);
  }

  warn(message: string): void {
    this.clearProgress();
    this.options.stderr.write(`${this.e.yellow('warning:')} ${message}\n`);
  }

  error(message: string, hint?: string): void {
    this.clearProgress();
    this.options.stderr.write(`${this.e.red('mcpm:')} ${message}\n`);
    if (hint) this.options.stderr.write(`${this.e.dim('hint:')} ${hint}\n`);
  }

  /**
   * A status line for a step that may take a while, on a terminal's stderr only (replaced by the next
   * one, erased before any other output); silent when stderr is not a terminal or with `--quiet`.
   */
  progress(message: string): void {
    if (this.quiet || this.options.stderr.isTTY !== true) return;
    this.options.stderr.write(`\r\u001b[2K${this.e.dim('…')} ${message}`);
    this.progressShown = true;
  }

  clearProgress(): void {
    if (!this.progressShown) return;
    this.options.stderr.write('\r\u001b[2K');
    this.progressShown = false;
  }

  /**
   * A plain table: a header row, then one row per item, columns padded to their widest cell. On a
   * terminal the last column is cut to the terminal's width.
   */
  table(headers: string[], rows: string[][]): void {
    if (this.json) return;
    const widths = headers.map((header, i) =>
      Math.max(visibleLength(header), ...rows.map((row) => visibleLength(row[i] ?? ''))),
    );
    const columns = this.options.stdout.isTTY ? this.options.stdout.columns : undefined;
    const line = (cells: string[]) => {
      const padded = cells.map((cell, i) =>
        i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visibleLength(cell)),
      );
      let text = padded.join('  ');
      if (columns && visibleLength(text) > columns && !text.includes(ESC))
        text = `${text.slice(0, columns - 1)}…`;
      return text.trimEnd();
    };
    this.print(this.c.bold(line(headers)));
    for (const row of rows) this.print(line(row));
  }
}

/**
 * A JSON path for people, e.g. `packages[0].transport.url` or
 * `_meta["io.mcpr/publisher-provided"].tools[1].description`; `(manifest)` for the root.
 */
export function formatPath(path: readonly string[]): string {
  if (path.length === 0) return '(manifest)';
  let out = '';
  for (const segment of path) {
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
