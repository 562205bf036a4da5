import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validateManifest } from '../src';

// The official registry's seed (modelcontextprotocol/registry data/seed.json, MIT): 358 real manifests,
// 65 of them with an empty description, which the official rules reject.
const SEED_FILE = path.resolve(__dirname, '../../../../shared/data/official-registry-seed_2025-09-29.json');

describe('the official registry seed', () => {
  const seed = JSON.parse(readFileSync(SEED_FILE, 'utf8')) as unknown[];
  const results = seed.map((manifest) => validateManifest(manifest));
  const accepted = results.filter((r) => r.ok);
  const rejected = results.filter((r) => !r.ok);

  it('has 358 manifests', () => {
    expect(seed).toHaveLength(358);
  });

  it('accepts 293 and rejects 65', () => {
    expect(accepted).toHaveLength(293);
    expect(rejected).toHaveLength(65);
  });

  it('rejects each of the 65 only for its empty description', () => {
    for (const result of rejected) {
      if (result.ok) throw new Error('unreachable');
      expect(result.errors).toEqual([
        { severity: 'error', code: 'BAD_USER_INPUT', message: expect.any(String), path: ['description'] },
      ]);
    }
    const emptyDescriptions = seed.filter(
      (m) => ((m as { description: string }).description ?? '').trim() === '',
    );
    expect(emptyDescriptions).toHaveLength(65);
  });

  it('only warns about descriptions over 100 characters', () => {
    const long = seed.filter((m) => (m as { description: string }).description.length > 100);
    expect(long.length).toBeGreaterThan(0);
    for (const manifest of long) {
      const result = validateManifest(manifest);
      expect(result.ok).toBe(true);
      expect(result.warnings.map((w) => w.path)).toContainEqual(['description']);
    }
  });

  it('returns the indexed fields of an accepted manifest', () => {
    const result = accepted[0];
    if (!result?.ok) throw new Error('expected an accepted manifest');
    expect(result.value.name).toBe(`${result.value.namespace}/${result.value.name.split('/')[1]}`);
    expect(result.value.version).toBe('0.0.1-seed');
    expect(result.value.isSemver).toBe(true);
    expect(result.value.packages.length).toBeGreaterThan(0);
    expect(result.value.tools).toEqual([]);
  });
});
