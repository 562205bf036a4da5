import { Output, colourEnabled, formatPath } from '../src/output';
import { Capture } from './helpers';

describe('terminal output', () => {
  it('colours only a terminal, and never with NO_COLOR, TERM=dumb or --no-color', () => {
    expect(colourEnabled(new Capture(true), {})).toBe(true);
    expect(colourEnabled(new Capture(false), {})).toBe(false);
    expect(colourEnabled(new Capture(true), { NO_COLOR: '1' })).toBe(false);
    expect(colourEnabled(new Capture(true), { TERM: 'dumb' })).toBe(false);
    expect(colourEnabled(new Capture(true), {}, true)).toBe(false);
    expect(colourEnabled(new Capture(false), { FORCE_COLOR: '1' })).toBe(true);
  });

  it('keeps stdout for results: in --json mode only the document, progress only on a terminal stderr', () => {
    const stdout = new Capture(true);
    const stderr = new Capture(false);
    const out = new Output({ stdout, stderr, env: {}, json: true });
    out.print('human line');
    out.table(['A'], [['1']]);
    out.progress('working');
    out.note('a note');
    out.result({ a: 1 });
    out.result({ b: 2 });
    expect(JSON.parse(stdout.text)).toEqual({ a: 1 });
    expect(stderr.text).toBe('a note\n');

    const ttyErr = new Capture(true);
    const human = new Output({ stdout: new Capture(false), stderr: ttyErr, env: {} });
    human.progress('working');
    human.note('done');
    expect(ttyErr.text).toContain('working');
    expect(ttyErr.text).toContain('\r\u001b[2K');
  });

  it('prints aligned tables', () => {
    const stdout = new Capture(false);
    new Output({ stdout, stderr: new Capture(), env: {} }).table(
      ['NAME', 'TIER'],
      [
        ['a/long-name', 'certified'],
        ['b/x', ''],
      ],
    );
    expect(stdout.text).toBe('NAME         TIER\na/long-name  certified\nb/x\n');
  });

  it('formats JSON paths the way the registry does', () => {
    expect(formatPath(['packages', '0', 'transport', 'url'])).toBe('packages[0].transport.url');
    expect(formatPath(['_meta', 'io.mcpr/publisher-provided', 'tools', '2'])).toBe(
      '_meta["io.mcpr/publisher-provided"].tools[2]',
    );
    expect(formatPath([])).toBe('(manifest)');
  });
});
