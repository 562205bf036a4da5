import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatReport, parseVerifyArgs, runVerify } from '../src/cli/verify';
import { verifyRemoteLog } from '../src/cli/remote-verifier';

class Sink {
  text = '';
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

describe('audit:verify CLI', () => {
  it('parses its options and rejects anything else', () => {
    expect(parseVerifyArgs(['--url', 'http://x', '--state', 's.json', '--samples', '3'])).toEqual({
      url: 'http://x',
      state: 's.json',
      samples: 3,
    });
    expect(parseVerifyArgs([])).toHaveProperty('error');
    expect(parseVerifyArgs(['--url'])).toHaveProperty('error');
    expect(parseVerifyArgs(['--url', 'http://x', '--bogus', '1'])).toHaveProperty('error');
    expect(parseVerifyArgs(['--url', 'http://x', '--samples', 'many'])).toHaveProperty('error');
  });

  it('prints every problem and exits 1 when the log cannot be verified', async () => {
    const out = new Sink();
    const err = new Sink();
    // Port 9 (discard) on loopback: nothing answers GraphQL there.
    const code = await runVerify(['--url', 'http://127.0.0.1:9'], out as never, err as never);
    expect(code).toBe(1);
    expect(out.text).toMatch(/^FAILED http:\/\/127\.0\.0\.1:9/);
    expect(out.text).toMatch(/request to http:\/\/127\.0\.0\.1:9\/graphql failed/);
  });

  it('exits 2 on usage errors and on an unreadable state file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mcpr-verify-'));
    try {
      const state = join(dir, 'state.json');
      writeFileSync(state, 'not json');
      const err = new Sink();
      expect(
        await runVerify(['--url', 'http://x', '--state', state], new Sink() as never, err as never),
      ).toBe(2);
      expect(err.text).toMatch(/cannot read state file/);
      expect(readFileSync(state, 'utf8')).toBe('not json');
      expect(await runVerify([], new Sink() as never, err as never)).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a server that answers with errors, and formats OK lines', async () => {
    const fakeFetch = (async () =>
      new Response(JSON.stringify({ errors: [{ message: 'nope', extensions: { code: 'UNAVAILABLE' } }] }), {
        headers: { 'content-type': 'application/json' },
      })) as typeof fetch;
    const report = await verifyRemoteLog({ url: 'http://audit.invalid/', fetch: fakeFetch });
    expect(report).toMatchObject({ ok: false, problems: ['nope (UNAVAILABLE)'], state: null });
    expect(
      formatReport('http://x', {
        ok: true,
        problems: [],
        checked: { treeSize: 3, inclusion: 3, entries: 0, consistency: 1 },
        state: null,
      }),
    ).toBe('OK http://x — tree size 3: 3 inclusion proofs, 0 entries, 1 consistency proofs\n');
  });
});
