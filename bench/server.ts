// The language server itself, over stdio, on a large generated workspace. Prints one JSON line.
//   (1) time and peak memory of its background scan;
//   (2) edits on a 3,000-line open file with the server idle (scan finished);
//   (3) the same edits WHILE a background scan runs (issue #8: "edit latency p95 ≤ 50 ms while the
//       background scan runs"): workspace scans are requested again and again (`sbd/scanWorkspace`, the
//       same code path as the start-up scan) and only edits that start and finish while a scan request
//       is outstanding count.
// Each edit is timed two ways:
//   raw     keystroke (didChange sent) → diagnostics for that version published; includes the server's
//           deliberate debounce (DEBOUNCE_MS), reported also with the debounce subtracted;
//   forced  keystroke → answer of a hover request on the edited document: the server analyses the
//           current version at once (no debounce), so this is what a user waits for when the server is
//           busy — queueing behind the scan, analysis, the reply.
// Memory: peak RSS (VmHWM) after the first scan and at the end of the session, and RSS once it settles.
// The server runs with the V8 heap settings the VS Code client gives it (SERVER_EXEC_ARGV, printed with
// the figures, as is the heap growth the server sets itself); --node-defaults leaves out the client's.
//   node --import tsx bench/server.ts --workspace DIR [--edits 200] [--node-defaults]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEBOUNCE_MS } from '../src/server/diagnostics';
import { HEAP_GROWING_PERCENT } from '../src/server/server';
import { SERVER_EXEC_ARGV } from '../src/extension/server-process';
import { SERVER, TestClient } from '../test/lsp/client';
import { applyEdit, generateFile, percentile } from './edit-latency';

/** VmHWM: the peak resident set of the process so far; VmRSS: the resident set now. */
function rssKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
}

function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

interface Stats {
  n: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

function stats(times: number[]): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { n: sorted.length, p50Ms: r(percentile(sorted, 50)), p95Ms: r(percentile(sorted, 95)), maxMs: r(sorted[sorted.length - 1] ?? NaN) };
}

const load = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const workspace = path.resolve(args[args.indexOf('--workspace') + 1]);
  const edits = args.includes('--edits') ? Number(args[args.indexOf('--edits') + 1]) : 200;
  const loadAtStart = load();

  // (1) background scan of the workspace
  const started = performance.now();
  // Started as the VS Code client starts it (same V8 heap settings), unless --node-defaults.
  const execArgv = args.includes('--node-defaults') ? [] : SERVER_EXEC_ARGV;
  const client = await TestClient.start(workspace, { serverArgs: [...execArgv, SERVER, '--stdio'] });
  const pid = client.child.pid!;
  const scanDone = () => client.notifications.some((n) => n.method === 'sbd/status' && (n.params as { scanning?: boolean }).scanning === false && (n.params as { openFindings: number }).openFindings > 0);
  await client.waitFor(scanDone, 20 * 60_000, 'background scan');
  const scanMs = performance.now() - started;
  const scanRssKb = rssKb(pid, 'VmHWM');
  const status = [...client.notifications].reverse().find((n) => n.method === 'sbd/status')!.params as { openFindings: number };

  const rel = 'src/bench-latency.ts';
  let text = generateFile(3000);
  fs.writeFileSync(path.join(workspace, rel), text);
  const doc = client.open(rel);
  await client.diagnosticsFor(doc.uri, 1, 60_000);
  const rand = prng(81001);
  const position = { line: 20, character: 4 };

  /** didChange → published diagnostics of that version. */
  const rawEdit = async (): Promise<number> => {
    text = applyEdit(text, rand);
    const t0 = performance.now();
    const version = client.change(doc.uri, text);
    await client.waitFor(() => client.diagnostics.get(doc.uri)?.version === version, 60_000, `diagnostics for version ${version}`);
    return performance.now() - t0;
  };
  /** didChange → hover answered (the server analyses the new version before answering). */
  const forcedEdit = async (): Promise<number> => {
    text = applyEdit(text, rand);
    const t0 = performance.now();
    client.change(doc.uri, text);
    await client.request('textDocument/hover', { textDocument: { uri: doc.uri }, position });
    return performance.now() - t0;
  };

  // (2) idle server
  const idleRaw: number[] = [];
  const idleForced: number[] = [];
  for (let i = 0; i < edits; i++) {
    idleRaw.push(await rawEdit());
    idleForced.push(await forcedEdit());
  }

  // (3) while background scans run
  let scanning = false;
  let scans = 0;
  let scanTotalMs = 0;
  const startScan = () => {
    scanning = true;
    scans++;
    const t0 = performance.now();
    void client.request<{ cancelled: boolean }>('sbd/scanWorkspace', {}).then(() => {
      scanTotalMs += performance.now() - t0;
      scanning = false;
    });
  };
  const busyRaw: number[] = [];
  const busyForced: number[] = [];
  let discarded = 0;
  const duringScan = async (measure: () => Promise<number>, into: number[]) => {
    if (!scanning) startScan();
    // Let the scan get going (its first files) before the keystroke.
    await new Promise((r) => setTimeout(r, 20));
    const scansBefore = scans;
    const ms = await measure();
    if (scanning && scans === scansBefore) into.push(ms);
    else discarded++;
  };
  while (busyRaw.length < edits || busyForced.length < edits) {
    if (busyRaw.length < edits) await duringScan(rawEdit, busyRaw);
    if (busyForced.length < edits) await duringScan(forcedEdit, busyForced);
  }
  await client.waitFor(() => !scanning, 10 * 60_000, 'the last scan');

  const peakKb = rssKb(pid, 'VmHWM');
  // What the server keeps once the edits and scans stop (no forced collection: what a user's idle editor sees).
  await new Promise((r) => setTimeout(r, 2000));
  const settledKb = rssKb(pid, 'VmRSS');
  await client.stop();
  fs.rmSync(path.join(workspace, rel), { force: true });
  const idle = stats(idleRaw);
  const minusDebounce = (xs: number[]) => stats(xs.map((x) => Math.max(0, x - DEBOUNCE_MS)));
  console.log(
    JSON.stringify({
      scanMs,
      scanRssKb,
      peakRssKb: peakKb,
      settledRssKb: settledKb,
      // The V8 heap settings: the client's command line, and the growth the server sets itself.
      serverExecArgv: execArgv,
      heapGrowingPercent: HEAP_GROWING_PERCENT,
      openFindings: status.openFindings,
      edits,
      debounceMs: DEBOUNCE_MS,
      // idle server, raw (kept under the old names)
      p50Ms: idle.p50Ms,
      p95Ms: idle.p95Ms,
      maxMs: idle.maxMs,
      idle: { raw: idle, rawMinusDebounce: minusDebounce(idleRaw), forced: stats(idleForced) },
      duringScan: {
        raw: stats(busyRaw),
        rawMinusDebounce: minusDebounce(busyRaw),
        forced: stats(busyForced),
        scans,
        meanScanMs: Math.round(scanTotalMs / Math.max(1, scans)),
        discardedEdits: discarded,
      },
      loadavg: { start: loadAtStart, end: load() },
      cpus: os.cpus().length,
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
