// The language server itself, over stdio: (1) peak memory and time of its background scan of a large
// generated workspace; (2) keystroke-to-diagnostics latency on a 3,000-line file, end to end through the
// protocol (so including the server's debounce). Prints one JSON line.
//   node --import tsx bench/server.ts --workspace DIR [--edits 200]
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TestClient } from '../test/lsp/client';
import { applyEdit, generateFile, percentile } from './edit-latency';

function peakRssKb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const workspace = path.resolve(args[args.indexOf('--workspace') + 1]);
  const edits = args.includes('--edits') ? Number(args[args.indexOf('--edits') + 1]) : 200;

  // (1) background scan of the workspace
  const started = performance.now();
  const client = await TestClient.start(workspace);
  const pid = client.child.pid!;
  const scanDone = () => client.notifications.some((n) => n.method === 'sbd/status' && (n.params as { scanning?: boolean }).scanning === false && (n.params as { openFindings: number }).openFindings > 0);
  await client.waitFor(scanDone, 20 * 60_000, 'background scan');
  const scanMs = performance.now() - started;
  const scanRssKb = peakRssKb(pid);
  const status = [...client.notifications].reverse().find((n) => n.method === 'sbd/status')!.params as { openFindings: number };

  // (2) edits on a large open document while the server holds the workspace
  const rel = 'src/bench-latency.ts';
  let text = generateFile(3000);
  fs.writeFileSync(path.join(workspace, rel), text);
  const doc = client.open(rel);
  await client.diagnosticsFor(doc.uri, 1, 60_000);
  const rand = prng(81001);
  const times: number[] = [];
  for (let i = 0; i < edits; i++) {
    text = applyEdit(text, rand);
    const t0 = performance.now();
    const version = client.change(doc.uri, text);
    await client.waitFor(() => client.diagnostics.get(doc.uri)?.version === version, 60_000, `diagnostics for version ${version}`);
    times.push(performance.now() - t0);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const peakKb = peakRssKb(pid);
  await client.stop();
  fs.rmSync(path.join(workspace, rel), { force: true });
  console.log(
    JSON.stringify({
      scanMs,
      scanRssKb,
      peakRssKb: peakKb,
      openFindings: status.openFindings,
      edits,
      p50Ms: percentile(sorted, 50),
      p95Ms: percentile(sorted, 95),
      maxMs: sorted[sorted.length - 1],
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
