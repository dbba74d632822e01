import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { AnalysisContext, createAnalysisContext } from '../analysis/context';
import { SbdConfig } from './config';
import { listSourceFiles } from './files';
import { ScanOptions, ScanResult, ScanShare, scanShare } from './scan';

// Large scans use the machine's cores: the main thread and worker threads each analyse a share of the
// files (balanced by size). Workers load the same bundle and rebuild the analysis context from the
// configuration, so results are identical to a single-threaded scan (checked by a test).

export interface ScanWorkerData {
  kind: 'sbd-scan-worker';
  root: string;
  config: SbdConfig;
  trusted: boolean;
  files: string[];
  today?: string;
}

/** Entry point inside a worker thread: analyse the files given and post the share back. */
export function runScanWorker(data: ScanWorkerData, post: (share: ScanShare) => void): void {
  const ctx = createAnalysisContext(data.config, { root: data.root, trusted: data.trusted });
  post(scanShare(data.root, data.files, ctx, { today: data.today }));
}

function sizeOf(root: string, rel: string): number {
  try {
    return fs.statSync(path.join(root, rel)).size;
  } catch {
    return 0;
  }
}

/** Splits files into `n` shares of about equal total size (largest first, each to the lightest share). */
export function balance(root: string, files: string[], n: number): string[][] {
  const shares = Array.from({ length: n }, () => ({ bytes: 0, files: [] as string[] }));
  const sized = files.map((f) => ({ f, size: sizeOf(root, f) })).sort((a, b) => b.size - a.size || a.f.localeCompare(b.f));
  for (const { f, size } of sized) {
    const lightest = shares.reduce((m, s) => (s.bytes < m.bytes ? s : m));
    lightest.files.push(f);
    lightest.bytes += size;
  }
  return shares.map((s) => s.files);
}

/**
 * Scans with `threads` threads in all (the main thread included). `workerScript` is the bundle that
 * calls runScanWorker when started as a worker. Output order is the same as a single-threaded scan.
 */
export async function scanWorkspaceParallel(
  root: string,
  ctx: AnalysisContext,
  workerScript: string,
  options: ScanOptions & { trusted?: boolean; threads?: number } = {},
): Promise<ScanResult> {
  const listing = listSourceFiles(root, ctx.config, options.paths);
  const threads = Math.max(1, Math.min(options.threads ?? os.availableParallelism(), 8));
  const shares = balance(root, listing.files, threads);
  const workers = shares.slice(1).map(
    (files) =>
      new Promise<ScanShare>((resolve, reject) => {
        const data: ScanWorkerData = { kind: 'sbd-scan-worker', root, config: ctx.config, trusted: options.trusted !== false, files, today: options.today };
        const w = new Worker(workerScript, { workerData: data });
        w.once('message', (share: ScanShare) => {
          resolve(share);
          void w.terminate();
        });
        w.once('error', reject);
        w.once('exit', (code) => {
          if (code !== 0) reject(new Error(`scan worker exited with code ${code}`));
        });
      }),
  );
  const own = scanShare(root, shares[0], ctx, options);
  const all = [own, ...(await Promise.all(workers))];
  const order = new Map(listing.files.map((f, i) => [f, i]));
  const byFile = (a: { file: string }, b: { file: string }) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0);
  const findings = all.flatMap((s) => s.findings).sort((a, b) => byFile(a, b) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId));
  return {
    root,
    findings,
    skipped: [...listing.skipped, ...all.flatMap((s) => s.skipped).sort(byFile)],
    syntaxErrors: all.flatMap((s) => s.syntaxErrors).sort(byFile),
    filesScanned: all.reduce((n, s) => n + s.filesScanned, 0),
    linesScanned: all.reduce((n, s) => n + s.linesScanned, 0),
  };
}
