// `npm run bench` (after `npm run build`): accuracy against the labelled corpus with the ESLint peers
// beside us, speed and peak memory on a large real-code corpus, and editor latency; the figures go to
// bench/RESULTS.md. `--quick` runs a small slice (under a minute) and writes bench/.work/RESULTS.quick.md
// instead, so a smoke run never replaces the recorded figures.
//   node bench/run.mjs [--quick] [--rounds N] [--only accuracy,speed,latency,scale] [--measure time|wrapper]
// Every child process is spawned with an argument array, never through a shell.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildSpeedCorpus } from './speed-corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rel = (p) => path.relative(root, p) || '.';
const bench = path.join(root, 'bench');
const work = path.join(bench, '.work');
const corpusDir = path.join(bench, 'corpus');
const node = process.execPath;

// ---- arguments ---------------------------------------------------------------------------------

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const roundsArg = args.indexOf('--rounds');
const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : quick ? 1 : 5;
const onlyArg = args.indexOf('--only');
const only = onlyArg >= 0 ? new Set(args[onlyArg + 1].split(',')) : new Set(['accuracy', 'speed', 'latency', 'scale']);
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error('--rounds must be a positive integer');
  process.exit(2);
}
const edits = quick ? 20 : 200;

fs.mkdirSync(work, { recursive: true });
const loadAtStart = os.loadavg();
const problems = [];
const notes = [];

function log(line = '') {
  process.stdout.write(`${line}\n`);
}

/** Runs node with arguments; returns status, stdout, stderr and wall time. */
function runNode(nodeArgs, { cwd = root, timeoutMs = 30 * 60_000, quiet = false } = {}) {
  const start = process.hrtime.bigint();
  const r = spawnSync(node, nodeArgs, { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (!quiet && r.stdout) process.stdout.write(r.stdout);
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', wallMs, error: r.error };
}

function firstLine(s) {
  return (s || '').trim().split('\n').find((l) => l.trim()) ?? '';
}

// ---- helper bundles: plain node entry points, so no loader skews time or memory -----------------

async function bundleHelpers() {
  const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'warning' };
  await build({ ...common, entryPoints: [path.join(bench, 'floor.ts')], outfile: path.join(work, 'floor.cjs') });
  await build({ ...common, entryPoints: [path.join(bench, 'peers', 'eslint-to-sarif.ts')], outfile: path.join(work, 'eslint-peers.cjs') });
  await build({ ...common, entryPoints: [path.join(bench, 'edit-latency.ts')], outfile: path.join(work, 'edit-latency.cjs') });
}

const sbdBin = path.join(root, 'bin', 'sbd.js');
const tscBin = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const typescriptVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'typescript', 'package.json'), 'utf8')).version;
const eslintPeers = path.join(work, 'eslint-peers.cjs');
const eslintConfig = path.join(bench, 'peers', 'eslint.config.mjs');

// ---- (a) accuracy -------------------------------------------------------------------------------

function accuracy() {
  log('== accuracy: labelled corpus ==');
  const stale = runNode(['--import', 'tsx', path.join(bench, 'corpus-stats.ts'), '--check'], { quiet: true });
  if (stale.status !== 0) notes.push(`bench/corpus/README.md counts are stale (${firstLine(stale.stderr)})`);

  const inputs = [];
  // Both modes side by side: type-aware mode must earn its cost in precision and recall.
  for (const mode of [{ name: 'sbd', flags: [] }, { name: 'sbd-type-aware', flags: ['--type-aware'] }]) {
    const sarif = path.join(work, `${mode.name}.sarif`);
    fs.rmSync(sarif, { force: true });
    const scan = runNode([sbdBin, 'scan', rel(corpusDir), ...mode.flags, '--format', 'sarif', '--output', rel(sarif), '--fail-on', 'none']);
    if (scan.status === 0 && fs.existsSync(sarif)) inputs.push(`${mode.name}=${sarif}`);
    else problems.push(`${mode.name} scan of the corpus failed (exit ${scan.status}${scan.signal ? `, ${scan.signal}` : ''}): ${firstLine(scan.stderr) || scan.error?.message || ''}`);
  }

  const peerSarif = path.join(work, 'eslint.sarif');
  const peers = runNode([eslintPeers, '--dir', corpusDir, '--output', peerSarif, '--config', eslintConfig]);
  if (peers.status === 0) inputs.push(`eslint-peers=${peerSarif}`);
  else problems.push(`ESLint peers failed (exit ${peers.status}): ${firstLine(peers.stderr)}`);
  if (inputs.length === 0) return undefined;

  const jsonOut = path.join(work, 'accuracy.json');
  const mdOut = path.join(work, 'accuracy.md');
  const scored = runNode(['--import', 'tsx', path.join(bench, 'score.ts'), '--corpus', corpusDir, '--json', jsonOut, '--markdown', mdOut, '--details', ...inputs]);
  if (scored.status !== 0) {
    problems.push(`scoring failed: ${firstLine(scored.stderr)}`);
    return undefined;
  }
  const reports = JSON.parse(fs.readFileSync(jsonOut, 'utf8'));
  for (const r of reports) {
    if (r.report.outsideCorpus.length > 0) problems.push(`${r.name}: ${r.report.outsideCorpus.length} results point outside the corpus (path resolution)`);
  }
  const sbdReport = reports.find((r) => r.name === 'sbd')?.report;
  return { reports, markdown: fs.readFileSync(mdOut, 'utf8'), packs: sbdReport && workspacePackEffect(sbdReport) };
}

/**
 * The corpus is a workspace whose rule pack (bench/corpus/security/rules/) declares the team's own
 * validation helper as a sanitiser. The same scan over a copy without the pack shows what it changes.
 */
function workspacePackEffect(withPacks) {
  const packDir = path.join(corpusDir, 'security', 'rules');
  if (!fs.existsSync(packDir)) return undefined;
  const copy = path.join(work, 'corpus-without-packs');
  fs.rmSync(copy, { recursive: true, force: true });
  fs.cpSync(corpusDir, copy, { recursive: true, filter: (src) => path.relative(corpusDir, src) !== path.join('security', 'rules') });
  const sarif = path.join(work, 'sbd-without-packs.sarif');
  const jsonOut = path.join(work, 'accuracy-without-packs.json');
  const scan = runNode([sbdBin, 'scan', rel(copy), '--format', 'sarif', '--output', rel(sarif), '--fail-on', 'none'], { quiet: true });
  const scored = scan.status === 0 && runNode(['--import', 'tsx', path.join(bench, 'score.ts'), '--corpus', copy, '--json', jsonOut, `sbd=${sarif}`], { quiet: true });
  if (!scored || scored.status !== 0) {
    problems.push(`scan without the workspace rule packs failed: ${firstLine((scored || scan).stderr)}`);
    return undefined;
  }
  const without = JSON.parse(fs.readFileSync(jsonOut, 'utf8'))[0].report;
  const key = (f) => `${f.file}:${f.line}:${f.ruleId}`;
  const withKeys = new Set(withPacks.falsePositives.map(key));
  const withoutKeys = new Set(without.falsePositives.map(key));
  return {
    packs: fs.readdirSync(packDir).filter((f) => /\.ya?ml$/.test(f)).map((f) => `bench/corpus/security/rules/${f}`),
    removed: without.falsePositives.filter((f) => !withKeys.has(key(f))),
    added: withPacks.falsePositives.filter((f) => !withoutKeys.has(key(f))),
    tp: { with: withPacks.micro.tp, without: without.micro.tp },
    fp: { with: withPacks.micro.fp, without: without.micro.fp },
  };
}

// ---- (b) speed and memory -----------------------------------------------------------------------

// `--measure wrapper` forces the in-process fallback even where /usr/bin/time exists.
const haveTime = fs.existsSync('/usr/bin/time') && !(args.includes('--measure') && args[args.indexOf('--measure') + 1] === 'wrapper');

/** Wall time (ms) and peak RSS (KiB) of one job in its own process. */
function measure(job) {
  if (haveTime) {
    const start = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%e %M', node, ...job.args], { cwd: job.cwd ?? root, encoding: 'utf8', timeout: 30 * 60_000, maxBuffer: 256 * 1024 * 1024 });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    const m = /(\d+(?:\.\d+)?) (\d+)\s*$/.exec(r.stderr ?? '');
    if (!(job.okExit ?? [0]).includes(r.status) || !m) return { ok: false, reason: `exit ${r.status}: ${firstLine((r.stderr ?? '').replace(/\d+(\.\d+)? \d+\s*$/, '')) || r.error?.message || ''}` };
    return { ok: true, wallMs, rssKb: Number(m[2]) };
  }
  const out = path.join(work, 'measure.json');
  fs.rmSync(out, { force: true });
  const r = runNode([path.join(bench, 'measure.mjs'), '--out', out, '--', ...job.args], { cwd: job.cwd ?? root, quiet: true });
  if (!(job.okExit ?? [0]).includes(r.status) || !fs.existsSync(out)) return { ok: false, reason: `exit ${r.status}: ${firstLine(r.stderr)}` };
  const j = JSON.parse(fs.readFileSync(out, 'utf8'));
  return { ok: true, wallMs: j.wallMs, rssKb: j.maxRssKb };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function speed() {
  log('\n== speed and peak memory ==');
  const speedDir = path.join(work, 'speed-corpus');
  const corpus = buildSpeedCorpus({ nodeModules: path.join(root, 'node_modules'), outDir: speedDir, quick });
  if (corpus.missing.length) notes.push(`speed corpus: missing package folders ${corpus.missing.join(', ')}`);
  if (!quick && corpus.lines < 100_000) problems.push(`speed corpus has only ${corpus.lines} lines (< 100k)`);
  log(`speed corpus: ${corpus.files} files, ${corpus.lines} lines (${corpus.tsLines} TypeScript), ${(corpus.bytes / 1024 / 1024).toFixed(1)} MiB`);

  // sbd writes its report atomically (temp file + rename), which must not target /dev/null: the
  // report goes to a real file under bench/.work and is also used to check what was scanned.
  const sbdOut = path.join(work, 'speed-sbd.json');
  const sbdTaOut = path.join(work, 'speed-sbd-type-aware.json');
  const jobs = [
    { id: 'a', name: 'floor: read + ts.createSourceFile', args: [path.join(work, 'floor.cjs'), speedDir] },
    { id: 'b', name: 'sbd scan', args: [sbdBin, 'scan', speedDir, '--format', 'json', '--output', sbdOut, '--fail-on', 'none'] },
    { id: 'c', name: 'sbd scan --type-aware', args: [sbdBin, 'scan', speedDir, '--format', 'json', '--output', sbdTaOut, '--fail-on', 'none', '--type-aware'] },
    { id: 'd', name: 'ESLint + 3 security plugins', args: [eslintPeers, '--dir', speedDir, '--output', path.join(work, 'speed-eslint.sarif'), '--config', eslintConfig] },
    // The type checker alone over the same files and tsconfig (the corpus's imports do not all resolve, so
    // tsc reports type errors and exits 1 or 2: the time is what is measured). The warm-up adds --diagnostics.
    { id: 'e', name: `tsc --noEmit -p (TypeScript ${typescriptVersion})`, args: [tscBin, '--noEmit', '-p', speedDir], okExit: [0, 1, 2], warmupArgs: [tscBin, '--noEmit', '--diagnostics', '-p', speedDir] },
  ];

  // One untimed run of each job: warms the file cache, and checks that each job works and sees the corpus.
  const active = [];
  const unavailable = {};
  for (const job of jobs) {
    const r = runNode(job.warmupArgs ?? job.args, { quiet: true });
    if (!(job.okExit ?? [0]).includes(r.status)) {
      const reason = firstLine(r.stderr) || r.error?.message || `exit ${r.status}`;
      unavailable[job.id] = job.id === 'c' && r.status === 2 ? `not supported by this sbd build: ${reason}` : `failed: ${reason}`;
      if (job.id !== 'c' || r.status !== 2) problems.push(`speed job ${job.id} (${job.name}) ${unavailable[job.id]}`);
      continue;
    }
    if (job.id === 'b' || job.id === 'c') {
      const scanned = JSON.parse(fs.readFileSync(job.id === 'b' ? sbdOut : sbdTaOut, 'utf8'));
      if (typeof scanned.filesScanned === 'number') {
        job.scanned = `${scanned.filesScanned} files, ${scanned.linesScanned} lines, ${scanned.skipped?.length ?? 0} skipped`;
        if (scanned.filesScanned < corpus.files) notes.push(`${job.name} analysed ${scanned.filesScanned} of ${corpus.files} files (${scanned.skipped?.length ?? 0} skipped: ${[...new Set((scanned.skipped ?? []).map((s) => s.reason))].slice(0, 3).join('; ')})`);
      }
    }
    if (job.id === 'a') {
      const floor = JSON.parse(firstLine(r.stdout) || '{}');
      job.scanned = `${floor.files} files, ${floor.lines} lines parsed`;
    }
    if (job.id === 'd') job.scanned = (/eslint peers: (.*)/.exec(r.stderr)?.[1] ?? '').replace('messages', 'messages reported');
    if (job.id === 'e') {
      const stat = (label) => new RegExp(`^${label}:\\s+([\\d.]+s?)`, 'm').exec(r.stdout)?.[1] ?? '?';
      const errors = (r.stdout.match(/error TS\d+/g) ?? []).length;
      job.scanned = `${stat('Files')} files incl. lib and @types, ${stat('Lines')} lines; tsc's own split: parse ${stat('Parse time')}, bind ${stat('Bind time')}, check ${stat('Check time')}; ${errors} type errors reported`;
    }
    active.push(job);
  }

  const samples = Object.fromEntries(jobs.map((j) => [j.id, []]));
  for (let round = 0; round < rounds; round++) {
    // Alternate the order every round so no job always runs first (or after the same neighbour).
    const order = active.map((_, i) => active[(i + round) % active.length]);
    for (const job of order) {
      const m = measure(job);
      if (!m.ok) {
        problems.push(`speed job ${job.id} round ${round + 1} failed: ${m.reason}`);
        continue;
      }
      samples[job.id].push(m);
      log(`round ${round + 1}: ${job.id} ${job.name}: ${(m.wallMs / 1000).toFixed(2)} s, ${(m.rssKb / 1024).toFixed(0)} MiB`);
    }
  }

  const rows = jobs.map((job) => {
    const s = samples[job.id];
    if (s.length === 0) return { ...job, na: unavailable[job.id] ?? 'no successful round' };
    const walls = s.map((x) => x.wallMs);
    return { ...job, wallMs: median(walls), minMs: Math.min(...walls), maxMs: Math.max(...walls), rssKb: median(s.map((x) => x.rssKb)), n: s.length };
  });
  return { corpus, rows, method: haveTime ? '/usr/bin/time -f "%e %M" (peak RSS); wall time from the parent' : 'bench/measure.mjs (process.resourceUsage().maxRSS)' };
}

function ratio(rows, x, y, key) {
  const a = rows.find((r) => r.id === x);
  const b = rows.find((r) => r.id === y);
  if (!a || !b || a.na || b.na) return 'n/a';
  return `${(a[key] / b[key]).toFixed(2)}×`;
}

// ---- (c) editor latency -------------------------------------------------------------------------

function latency() {
  log('\n== editor latency ==');
  const out = path.join(work, 'edit-latency.json');
  fs.rmSync(out, { force: true });
  // The engine as the language server runs it: bundled (a loader's module wrappers would be timed too).
  const r = runNode([path.join(work, 'edit-latency.cjs'), '--edits', String(edits), '--json', out]);
  if (r.status !== 0 || !fs.existsSync(out)) {
    problems.push(`edit latency failed: ${firstLine(r.stderr)}`);
    return undefined;
  }
  return JSON.parse(fs.readFileSync(out, 'utf8'));
}

// ---- (d) RESULTS.md -----------------------------------------------------------------------------

function fmtMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function resultsMarkdown({ acc, spd, lat, scl }) {
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  const command = `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
  const out = [
    '# Benchmark results',
    '',
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${os.availableParallelism()} CPUs (nproc), ${cpu}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, ${os.platform()} ${os.release()}`,
    `- Node ${process.version}`,
    `- Load average (1/5/15 min) at start: ${loadAtStart.map((x) => x.toFixed(2)).join(' / ')}; at end: ${os.loadavg().map((x) => x.toFixed(2)).join(' / ')} (other work on the machine widens the wall-time spread)`,
    `- Command: \`${command}\`${quick ? ' (quick slice: not the reference figures)' : ''}`,
    '',
  ];
  if (acc) {
    const first = acc.reports[0].report.corpus;
    out.push(
      '## Accuracy',
      '',
      `Labelled corpus \`bench/corpus\`: ${first.files} files, ${first.tpLabels} true-positive and ${first.tnLabels} true-negative labels over ${Object.keys(acc.reports[0].report.families).length} weakness families (format and scoring rules in \`bench/corpus/README.md\`).`,
      'Peers: ESLint with eslint-plugin-security, @microsoft/eslint-plugin-sdl and eslint-plugin-no-unsanitized recommended presets (`bench/peers/eslint.config.mjs`), their rules mapped to CWEs in `bench/peers/cwe-map.ts`.',
      '',
      acc.markdown.trim(),
      '',
    );
    for (const r of acc.reports) {
      const unmapped = r.report.unmapped.reduce((s, u) => s + u.count, 0);
      const onTn = r.report.falsePositives.filter((f) => f.onTnLabel).length;
      out.push(`- ${r.name}: ${r.report.falsePositives.length} false positives (${onTn} on labelled look-alikes), ${r.report.falseNegatives.length} false negatives, ${unmapped} unmapped results not scored, ${r.report.suppressed} suppressed ignored.`);
    }
    out.push('');
    if (acc.packs) {
      const p = acc.packs;
      const list = (items) => items.map((f) => `\`${f.file}:${f.line}\` ${f.ruleId}`).join(', ') || 'none';
      out.push(
        '### Workspace rule pack',
        '',
        `The corpus is scanned as a workspace: ${p.packs.map((f) => `\`${f}\``).join(', ')} declares the team's own validation helper as a sanitiser. The same scan over a copy without the pack:`,
        '',
        `- false positives ${p.fp.without} without the pack, ${p.fp.with} with it; true positives ${p.tp.without} → ${p.tp.with}.`,
        `- removed by the pack: ${list(p.removed)}; added by the pack: ${list(p.added)}.`,
        '',
      );
    }
  }
  if (spd) {
    out.push(
      '## Speed and peak memory',
      '',
      `Corpus: ${spd.corpus.files} shipped source files (${spd.corpus.lines} lines, ${spd.corpus.tsLines} of them TypeScript) copied from ${spd.corpus.sources.map((s) => s.dir).join(', ')} (\`bench/speed-corpus.mjs\`).`,
      `Each job is a separate process; ${rounds} round(s) in alternating order after one untimed warm-up run each; medians shown. Measured with ${spd.method}.`,
      'sbd writes its JSON report and ESLint its SARIF to files under bench/.work rather than /dev/null: sbd writes reports atomically (temporary file renamed over the target), which must never be pointed at a device file.',
      '',
      '| job | wall (median) | wall (min–max) | peak RSS (median) | what was processed |',
      '|---|--:|--:|--:|---|',
    );
    for (const r of spd.rows) {
      if (r.na) out.push(`| (${r.id}) ${r.name} | n/a | n/a | n/a | ${r.na} |`);
      else out.push(`| (${r.id}) ${r.name} | ${fmtMs(r.wallMs)} | ${fmtMs(r.minMs)}–${fmtMs(r.maxMs)} | ${(r.rssKb / 1024).toFixed(0)} MiB | ${r.scanned ?? ''} |`);
    }
    out.push(
      '',
      `Ratios — wall: b/a ${ratio(spd.rows, 'b', 'a', 'wallMs')}, b/d ${ratio(spd.rows, 'b', 'd', 'wallMs')}, c/a ${ratio(spd.rows, 'c', 'a', 'wallMs')}, c/e ${ratio(spd.rows, 'c', 'e', 'wallMs')} (type-aware against tsc --noEmit, target ≤ 1.5×); peak RSS: b/a ${ratio(spd.rows, 'b', 'a', 'rssKb')}, b/d ${ratio(spd.rows, 'b', 'd', 'rssKb')}, c/a ${ratio(spd.rows, 'c', 'a', 'rssKb')}.`,
      '',
    );
  }
  if (lat) {
    out.push(
      '## Editor latency',
      '',
      `\`bench/edit-latency.ts\`: a generated ${lat.lines}-line Express/pg service, ${lat.edits} keystroke-sized edits in sequence, each timed from the changed text to \`analyzeSource\` returning its findings (in process, one analysis context, in editing mode as the language server runs it: the previous syntax tree passed back for incremental reparsing, and only the statements an edit can have changed analysed again).`,
      '',
      '| p50 | p95 | max | mean | first analysis (cold) |',
      '|--:|--:|--:|--:|--:|',
      `| ${lat.p50Ms.toFixed(1)} ms | ${lat.p95Ms.toFixed(1)} ms | ${lat.maxMs.toFixed(1)} ms | ${lat.meanMs.toFixed(1)} ms | ${lat.coldMs.toFixed(1)} ms |`,
      '',
    );
  }
  if (scl) {
    out.push(
      '## Scale',
      '',
      `A generated workspace (\`bench/run.mjs\` scaleWorkspace): ${scl.files} files, ${scl.lines} lines. \`sbd scan\` (one process, worker threads for large trees): ${fmtMs(scl.wallMs)} wall, peak RSS ${(scl.rssKb / 1024).toFixed(0)} MiB, ${scl.findings} findings (one planted per 25 files).`,
      '',
    );
    if (scl.trace) {
      const t = scl.trace;
      out.push(`Incremental trace index (\`bench/trace-incremental.ts\`): ${t.files} tagged files indexed in ${fmtMs(t.fullMs)}; re-indexing one changed file and recomputing all gaps: p50 ${t.p50Ms.toFixed(1)} ms, p95 ${t.p95Ms.toFixed(1)} ms, max ${t.maxMs.toFixed(1)} ms (200 updates).`, '');
    }
    if (scl.server) {
      const v = scl.server;
      out.push(
        `Language server (\`bench/server.ts\`, real protocol over stdio) on the same workspace: background scan ${fmtMs(v.scanMs)}, peak RSS ${(v.scanRssKb / 1024).toFixed(0)} MiB during the scan (default mode), ${(v.peakRssKb / 1024).toFixed(0)} MiB by the end (a 3,000-line file opened and edited ${v.edits * 4} times, ${v.duringScan.scans} more workspace scans).`,
        '',
        `Edits on that 3,000-line open file (${v.edits} per row), timed keystroke → diagnostics published (raw, includes the server's ${v.debounceMs} ms debounce; also shown with the debounce subtracted) and keystroke → hover answered (the server analyses the new version at once: no debounce, so this is the wait a user sees when the server is busy). "During the scan" edits start and end while a workspace scan (\`sbd/scanWorkspace\`, ${v.duringScan.scans} scans of ~${fmtMs(v.duringScan.meanScanMs)} each) is running. Load average ${v.loadavg.start.join(', ')} at the start, ${v.loadavg.end.join(', ')} at the end (${v.cpus} CPUs).`,
        '',
        '| server state | raw p50 / p95 / max | raw − debounce p50 / p95 | keystroke → hover p50 / p95 / max |',
        '|---|--:|--:|--:|',
        ...[['idle', v.idle], ['during the background scan', v.duringScan]].map(
          ([label, x]) =>
            `| ${label} | ${x.raw.p50Ms.toFixed(0)} / ${x.raw.p95Ms.toFixed(0)} / ${x.raw.maxMs.toFixed(0)} ms | ${x.rawMinusDebounce.p50Ms.toFixed(0)} / ${x.rawMinusDebounce.p95Ms.toFixed(0)} ms | ${x.forced.p50Ms.toFixed(0)} / ${x.forced.p95Ms.toFixed(0)} / ${x.forced.maxMs.toFixed(0)} ms |`,
        ),
        '',
      );
    }
  }
  if (notes.length || problems.length) {
    out.push('## Notes', '');
    for (const n of notes) out.push(`- ${n}`);
    for (const p of problems) out.push(`- PROBLEM: ${p}`);
    out.push('');
  }
  return out.join('\n');
}

// ---- (d) scale ----------------------------------------------------------------------------------

/**
 * A generated workspace of 20,000 small files (about 250k lines; 2,000 in --quick): a route module each,
 * one in 25 with a planted weakness, so the scan walks many files and reports a few.
 */
function scaleWorkspace(dir, files) {
  const marker = path.join(dir, `.complete-${files}`);
  if (fs.existsSync(marker)) return;
  fs.rmSync(dir, { recursive: true, force: true });
  for (let i = 0; i < files; i++) {
    const sub = path.join(dir, 'src', `area${Math.floor(i / 500)}`);
    if (i % 500 === 0) fs.mkdirSync(sub, { recursive: true });
    const weak = i % 25 === 0;
    const text = [
      `import { Router } from 'express';`,
      `import { Pool } from 'pg';`,
      `const pool = new Pool();`,
      `export const router${i} = Router();`,
      `router${i}.get('/items/${i}/:id', async (req, res) => {`,
      `  const id = Number.parseInt(req.params.id, 10);`,
      weak ? `  const { rows } = await pool.query(\`SELECT * FROM items WHERE id = \${req.params.id}\`);` : `  const { rows } = await pool.query('SELECT * FROM items WHERE id = $1', [id]);`,
      `  if (rows.length === 0) return res.sendStatus(404);`,
      `  return res.json(rows.map((r) => ({ id: r.id, label: String(r.label) })));`,
      `});`,
      `export function total${i}(values: number[]): number {`,
      `  return values.reduce((sum, v) => sum + v, 0);`,
      `}`,
      '',
    ].join('\n');
    fs.writeFileSync(path.join(sub, `module${i}.ts`), text);
  }
  fs.writeFileSync(marker, '');
}

function scale() {
  const files = quick ? 2000 : 20000;
  log(`\n== scale: ${files} files ==`);
  const dir = path.join(work, 'scale');
  scaleWorkspace(dir, files);
  const out = path.join(work, 'scale.json');
  const m = measure({ args: [sbdBin, 'scan', dir, '--format', 'json', '--output', out, '--fail-on', 'none'] });
  if (!m.ok) {
    problems.push(`scale scan failed: ${m.reason}`);
    return undefined;
  }
  const scanned = JSON.parse(fs.readFileSync(out, 'utf8'));
  const result = { files: scanned.filesScanned, lines: scanned.linesScanned, findings: scanned.findings.length, wallMs: m.wallMs, rssKb: m.rssKb };
  log(`sbd scan: ${result.files} files, ${result.lines} lines, ${result.findings} findings in ${fmtMs(result.wallMs)}, peak RSS ${(result.rssKb / 1024).toFixed(0)} MiB`);
  const inc = runNode(['--import', 'tsx', path.join(bench, 'trace-incremental.ts'), path.join(work, 'trace-incremental')], { quiet: true });
  if (inc.status !== 0) problems.push(`trace-index benchmark failed: ${firstLine(inc.stderr)}`);
  else {
    result.trace = JSON.parse(inc.stdout.trim().split('\n').pop());
    log(`trace index: ${result.trace.files} files indexed in ${fmtMs(result.trace.fullMs)}; one changed file re-indexed with gaps recomputed: p50 ${result.trace.p50Ms.toFixed(1)} ms, p95 ${result.trace.p95Ms.toFixed(1)} ms`);
  }
  // The language server on the same workspace: its background scan, then edits on a large open file.
  const srv = runNode(['--import', 'tsx', path.join(bench, 'server.ts'), '--workspace', dir, '--edits', String(quick ? 20 : 200)], { quiet: true });
  if (srv.status !== 0) problems.push(`language-server benchmark failed: ${firstLine(srv.stderr)}`);
  else {
    result.server = JSON.parse(srv.stdout.trim().split('\n').pop());
    const v = result.server;
    log(`language server: background scan ${fmtMs(v.scanMs)}, peak RSS ${(v.scanRssKb / 1024).toFixed(0)} MiB during the scan, ${(v.peakRssKb / 1024).toFixed(0)} MiB with a 3,000-line file open and rescans; ${v.edits} edits change→diagnostics idle p50 ${v.p50Ms.toFixed(0)} ms, p95 ${v.p95Ms.toFixed(0)} ms (${v.debounceMs} ms of it is the server's debounce)`);
    for (const [label, x] of [['idle', v.idle], ['during the scan', v.duringScan]]) {
      log(`  ${label}: raw p95 ${x.raw.p95Ms.toFixed(0)} ms, minus debounce p50 ${x.rawMinusDebounce.p50Ms.toFixed(0)} / p95 ${x.rawMinusDebounce.p95Ms.toFixed(0)} ms; keystroke→hover p50 ${x.forced.p50Ms.toFixed(0)} / p95 ${x.forced.p95Ms.toFixed(0)} / max ${x.forced.maxMs.toFixed(0)} ms`);
    }
    log(`  load average ${v.loadavg.start.join(', ')} → ${v.loadavg.end.join(', ')}`);
  }
  return result;
}

// ---- main ---------------------------------------------------------------------------------------

if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) {
  console.error('dist/cli.js is missing: run `npm run build` first (npm run bench does)');
  process.exit(1);
}
await bundleHelpers();
const acc = only.has('accuracy') ? accuracy() : undefined;
if (acc?.packs) log(`workspace rule pack: sbd false positives ${acc.packs.fp.without} without it, ${acc.packs.fp.with} with it (removed: ${acc.packs.removed.map((f) => `${f.file}:${f.line}`).join(', ') || 'none'})`);
const spd = only.has('speed') ? speed() : undefined;
if (spd) {
  log('');
  for (const r of spd.rows) log(r.na ? `(${r.id}) ${r.name}: n/a — ${r.na}` : `(${r.id}) ${r.name}: ${fmtMs(r.wallMs)}, ${(r.rssKb / 1024).toFixed(0)} MiB (median of ${r.n})`);
  log(`wall b/a ${ratio(spd.rows, 'b', 'a', 'wallMs')}  b/d ${ratio(spd.rows, 'b', 'd', 'wallMs')}  c/a ${ratio(spd.rows, 'c', 'a', 'wallMs')}  c/e ${ratio(spd.rows, 'c', 'e', 'wallMs')}   RSS b/a ${ratio(spd.rows, 'b', 'a', 'rssKb')}  b/d ${ratio(spd.rows, 'b', 'd', 'rssKb')}  c/a ${ratio(spd.rows, 'c', 'a', 'rssKb')}`);
}
const lat = only.has('latency') ? latency() : undefined;
const scl = only.has('scale') ? scale() : undefined;

const resultsFile = quick || only.size < 4 ? path.join(work, 'RESULTS.quick.md') : path.join(bench, 'RESULTS.md');
fs.writeFileSync(resultsFile, `${resultsMarkdown({ acc, spd, lat, scl })}\n`);
log(`\nresults written to ${rel(resultsFile)}`);
for (const n of notes) log(`note: ${n}`);
for (const p of problems) log(`PROBLEM: ${p}`);
process.exitCode = problems.length > 0 ? 1 : 0;
