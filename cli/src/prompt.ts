import { createInterface } from 'node:readline';
import type { Io } from './config';

/** True when mcpm may ask questions: stdin is a terminal. Never prompt otherwise. */
export function canPrompt(io: Pick<Io, 'stdin'>): boolean {
  return io.stdin.isTTY === true;
}

/**
 * Asks one question on stderr (stdout stays for results) and reads the answer from stdin. With
 * `secret`, what is typed is not echoed.
 */
export async function ask(
  io: Pick<Io, 'stdin' | 'stderr'>,
  question: string,
  options: { secret?: boolean; fallback?: string } = {},
): Promise<string> {
  const output = io.stderr as NodeJS.WritableStream;
  // Terminal mode (raw input, readline echoes) only to hide a secret; otherwise the terminal's own line
  // editing is enough.
  const rl = createInterface({
    input: io.stdin,
    output,
    terminal: options.secret === true && io.stdin.isTTY === true,
  });
  const shown = options.fallback ? `${question} (${options.fallback}): ` : `${question}: `;
  if (options.secret) {
    // Print the question, then swallow the echo of what is typed.
    output.write(shown);
    (rl as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = () => undefined;
  }
  try {
    const answer = await new Promise<string>((resolve, reject) => {
      rl.question(options.secret ? '' : shown, resolve);
      rl.once('close', () => reject(new Error('input closed')));
    });
    if (options.secret) output.write('\n');
    return answer.trim() || options.fallback || '';
  } finally {
    rl.close();
  }
}

/** Reads all of stdin (for `--with-token`). */
export async function readAll(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
