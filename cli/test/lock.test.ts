import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolPin, toolsetHash } from '@mcpr/scanner';
import { canonicalDigest } from '@mcpr/platform/crypto/canonical-json';
import {
  emptyLock,
  lockEntryFor,
  parseLock,
  readLock,
  serializeLock,
  writeLock,
  type Lockfile,
} from '../src/lock';
import { removeDir, sampleManifest, tempDir } from './helpers';

describe('mcps-lock.json', () => {
  const manifest = sampleManifest();

  it('pins the manifest digest and every tool as the trust service does', () => {
    const entry = lockEntryFor({ version: '1.0.0', manifest, tier: 'UNVERIFIED', clients: ['vscode'] });
    const tools = (manifest._meta as Record<string, { tools: { name: string }[] }>)[
      'io.mcpr/publisher-provided'
    ]!.tools;
    expect(entry.manifestDigest).toBe(canonicalDigest(manifest));
    expect(entry.tools).toEqual({ get_forecast: toolPin(tools[0]), current_conditions: toolPin(tools[1]) });
    expect(entry.toolsetHash).toBe(toolsetHash(tools.map((tool) => toolPin(tool))));
    expect(entry.tier).toBe('UNVERIFIED');
  });

  it('is byte-identical for the same installs, whatever the order they happened in', () => {
    const a: Lockfile = emptyLock();
    a.servers['io.github.acme/weather'] = lockEntryFor({
      version: '1.0.0',
      manifest,
      clients: ['vscode', 'claude-desktop'],
    });
    a.servers['io.github.acme/alpha'] = lockEntryFor({
      version: '2.0.0',
      manifest: sampleManifest('io.github.acme/alpha', '2.0.0'),
      clients: ['cursor'],
    });

    const b: Lockfile = emptyLock();
    b.servers['io.github.acme/alpha'] = lockEntryFor({
      version: '2.0.0',
      manifest: sampleManifest('io.github.acme/alpha', '2.0.0'),
      clients: ['cursor', 'cursor'],
    });
    b.servers['io.github.acme/weather'] = lockEntryFor({
      version: '1.0.0',
      manifest,
      clients: ['claude-desktop', 'vscode'],
    });

    const bytes = serializeLock(a);
    expect(serializeLock(b)).toBe(bytes);
    expect(bytes.endsWith('}\n')).toBe(true);
    // Keys are sorted at every level, so the server names come out alphabetically.
    expect(bytes.indexOf('io.github.acme/alpha')).toBeLessThan(bytes.indexOf('io.github.acme/weather'));
    expect(Object.keys(JSON.parse(bytes).servers['io.github.acme/weather'])).toEqual([
      'client',
      'manifestDigest',
      'tools',
      'toolsetHash',
      'version',
    ]);
    expect(JSON.parse(bytes).servers['io.github.acme/weather'].client).toEqual(['claude-desktop', 'vscode']);
    // No timestamps or random ids: nothing but the documented fields.
    expect(bytes).not.toMatch(/\d{4}-\d\d-\d\dT/);
  });

  it('writes and reads back the same lock, and rewriting it changes no byte', () => {
    const dir = tempDir();
    try {
      const lock = emptyLock();
      lock.servers['io.github.acme/weather'] = lockEntryFor({
        version: '1.0.0',
        manifest,
        tier: 'CERTIFIED',
        clients: ['cursor'],
      });
      writeLock(dir, lock);
      const first = readFileSync(join(dir, 'mcps-lock.json'), 'utf8');
      writeLock(dir, readLock(dir)!);
      expect(readFileSync(join(dir, 'mcps-lock.json'), 'utf8')).toBe(first);
      expect(readLock(dir)).toEqual(lock);
    } finally {
      removeDir(dir);
    }
  });

  it('rejects a lock it cannot trust, naming the field', () => {
    expect(() => parseLock({ lockfileVersion: 2, servers: {} }, 'mcps-lock.json')).toThrow(/lockfileVersion/);
    expect(() =>
      parseLock(
        {
          lockfileVersion: 1,
          servers: {
            x: { version: '1', manifestDigest: 'a', toolsetHash: 'b', tools: { t: 1 }, client: [] },
          },
        },
        'f',
      ),
    ).toThrow(/servers\["x"\]\.tools/);
    expect(readLock(tempDir())).toBeNull();
  });
});
