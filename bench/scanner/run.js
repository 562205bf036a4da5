#!/usr/bin/env node
// Scanner benchmark: detection on the labelled corpus (held-out and tuning halves), false positives on the
// benign sets (hand-written tricky cases, the 358 official seed manifests, the 527 LiveMCPBench tools), and
// throughput over the seed. Prints a report and, last, one JSON summary line.
//
//   node bench/scanner/run.js [--runs 7] [--verbose]
//
// TypeScript sources are loaded through ./register.js (an @swc/core require hook), so no build is needed.
'use strict';
require('./register');

const { scanManifest, RULES } = require('../../packages/scanner/src/index.ts');
const corpus = require('../../packages/scanner/test/support/corpus.ts');

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 7;
const VERBOSE = args.includes('--verbose');
const out = (line = '') => process.stdout.write(line + '\n');
const pct = (n, d) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);

function malicious(label, cases) {
  const outcomes = cases.map((c) => corpus.runCase(c));
  const s = corpus.summariseMalicious(outcomes);
  out(
    `${label}: ${s.total} cases — flagged ${s.flagged} (${pct(s.flagged, s.total)}), FAILED ${s.failed}, met expectation ${s.met} (${pct(s.met, s.total)})`,
  );
  for (const [family, f] of Object.entries(s.byFamily))
    out(`    ${family.padEnd(22)} ${f.flagged}/${f.total}`);
  for (const o of outcomes.filter((x) => !x.met)) {
    out(
      `    not met: ${o.case.id} [${o.case.family}] expected ${o.case.expect}, got ${o.result.status} — ${o.case.description}`,
    );
    out(
      `             rules: ${o.result.findings.map((f) => `${f.ruleId}(${f.severity})`).join(', ') || 'none'}`,
    );
  }
  return s;
}

function benign(label, items, showAll) {
  const t = corpus.tally(items);
  const top = Object.entries(t.rules).sort((a, b) => b[1] - a[1]);
  out(
    `${label}: ${t.total} — FAILED ${t.failed} (${pct(t.failed, t.total)}), WARNED ${t.warned} (${pct(t.warned, t.total)})`,
  );
  if (top.length)
    out(`    top rules (items flagged at MEDIUM+): ${top.map(([r, n]) => `${r} ×${n}`).join(', ')}`);
  if (showAll)
    for (const f of t.flaggedItems) out(`    ${f.status.padEnd(6)} ${f.id}: ${f.reasons.join('; ')}`);
  return t;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function throughput(label, manifests, context) {
  for (const m of manifests.slice(0, 50)) scanManifest(m, context); // warm-up
  const rates = [];
  for (let r = 0; r < RUNS; r++) {
    const t0 = process.hrtime.bigint();
    for (const m of manifests) scanManifest(m, context);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    rates.push(manifests.length / seconds);
  }
  const med = median(rates);
  out(
    `${label}: median ${med.toFixed(0)} manifests/s over ${RUNS} runs (min ${Math.min(...rates).toFixed(0)}, max ${Math.max(...rates).toFixed(0)})`,
  );
  return med;
}

out(`# @mcpr/scanner benchmark — ${RULES.length} rules, node ${process.version}`);
out('');
out('## Detection (malicious/risky corpus)');
const heldout = malicious('held-out (frozen before tuning)', corpus.loadHeldout());
const tuning = malicious('tuning', corpus.loadTuning());
out('');
out('## False positives (benign sets)');
const trickyOutcomes = corpus.loadTricky().map((c) => corpus.runCase(c, true));
const tricky = benign(
  'hand-written tricky benign',
  trickyOutcomes.map((o) => ({ id: o.case.id, result: o.result })),
  true,
);
const trickyMet = trickyOutcomes.filter((o) => o.met).length;
out(`    fair outcome met: ${trickyMet}/${trickyOutcomes.length}`);
const seedItems = corpus.scanSeed();
const seed = benign('official seed manifests (knownServerNames = all seed names)', seedItems, true);
const lmb = corpus.scanLiveMcpBench();
const lmbTools = benign('LiveMCPBench tools (per-server manifests, verdict per tool)', lmb.tools, true);
const lmbServers = benign('LiveMCPBench servers (70 manifests)', lmb.servers, VERBOSE);
const lmbAlone = benign(
  'LiveMCPBench tools wrapped one per manifest (no sibling tools)',
  corpus
    .loadLiveMcpBench()
    .map((t) => ({ id: t.id, result: scanManifest(corpus.liveMcpBenchToolManifest(t)) })),
  VERBOSE,
);
const directories = {};
for (const file of [
  'docker-mcp-registry.jsonl',
  'wong2-awesome-mcp-servers.jsonl',
  'ever-works-awesome-mcp-servers.jsonl',
]) {
  const items = corpus
    .directoryManifests(file)
    .map(({ id, manifest }) => ({ id, result: scanManifest(manifest) }));
  const t = benign(`directory descriptions: ${file} (title + description only)`, items, true);
  directories[file] = { total: t.total, failed: t.failed, warned: t.warned, rules: t.rules };
}
const benignTotal = tricky.total + seed.total + lmbTools.total;
const benignFailed = tricky.failed + seed.failed + lmbTools.failed;
const benignWarned = tricky.warned + seed.warned + lmbTools.warned;
out(
  `all benign (tricky + seed + LiveMCPBench tools): ${benignTotal} — FAILED ${benignFailed} (${pct(benignFailed, benignTotal)}), WARNED ${benignWarned} (${pct(benignWarned, benignTotal)})`,
);
const lows = {};
for (const { result } of [...seedItems, ...lmb.servers])
  for (const f of result.findings)
    if (f.severity === 'LOW' || f.severity === 'INFO') lows[f.ruleId] = (lows[f.ruleId] ?? 0) + 1;
out(
  `    LOW/INFO findings (do not change the status): ${
    Object.entries(lows)
      .map(([r, n]) => `${r} ×${n}`)
      .join(', ') || 'none'
  }`,
);
out('');
out('## Throughput (one process, one thread)');
const seedManifests = corpus.loadSeed();
const names = seedManifests.map((m) => m.name);
const seedRate = throughput('official seed, with 358 known server names', seedManifests, {
  knownServerNames: names,
});
const seedRateNoNames = throughput('official seed, no known names', seedManifests, undefined);
const lmbRate = throughput(
  'LiveMCPBench, 70 server manifests (527 tools)',
  corpus.liveMcpBenchServers().map((s) => s.manifest),
  undefined,
);
out('');
const summary = {
  rules: RULES.length,
  heldout: {
    total: heldout.total,
    flagged: heldout.flagged,
    failed: heldout.failed,
    met: heldout.met,
    detectionRate: heldout.flagged / heldout.total,
  },
  tuning: {
    total: tuning.total,
    flagged: tuning.flagged,
    failed: tuning.failed,
    met: tuning.met,
    detectionRate: tuning.flagged / tuning.total,
  },
  benign: {
    total: benignTotal,
    failed: benignFailed,
    warned: benignWarned,
    failedRate: benignFailed / benignTotal,
    tricky: { total: tricky.total, failed: tricky.failed, warned: tricky.warned, fairMet: trickyMet },
    seed: { total: seed.total, failed: seed.failed, warned: seed.warned, rules: seed.rules },
    liveMcpBenchTools: {
      total: lmbTools.total,
      failed: lmbTools.failed,
      warned: lmbTools.warned,
      rules: lmbTools.rules,
    },
    liveMcpBenchServers: { total: lmbServers.total, failed: lmbServers.failed, warned: lmbServers.warned },
    liveMcpBenchToolsAlone: { total: lmbAlone.total, failed: lmbAlone.failed, warned: lmbAlone.warned },
    directories,
  },
  throughput: {
    seedManifestsPerSecond: Math.round(seedRate),
    seedManifestsPerSecondNoKnownNames: Math.round(seedRateNoNames),
    liveMcpBenchServersPerSecond: Math.round(lmbRate),
    runs: RUNS,
  },
};
out(JSON.stringify(summary));
