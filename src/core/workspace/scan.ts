import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnalysisContext } from '../analysis/context';
import { analyzeSource, AnalyzeOptions } from '../analysis/engine';
import { createTypeAwareProgram } from '../analysis/type-aware';
import { Finding } from '../types';
import { contentSkipReason, decodeSource, listSourceFiles, readFailure, SkippedFile } from './files';

export interface ScanResult {
  root: string;
  findings: Finding[];
  /** Files left out, with the reason (binary, minified, too large, unreadable, vanished). */
  skipped: SkippedFile[];
  /** Files analysed that had syntax errors (findings were still reported where the parser recovered). */
  syntaxErrors: { file: string; count: number }[];
  filesScanned: number;
  linesScanned: number;
}

export interface ScanOptions extends AnalyzeOptions {
  /** Workspace-relative files or folders; default: the whole workspace. */
  paths?: string[];
  onProgress?: (done: number, total: number, file: string) => void;
  /** Checked between files; a cancelled scan returns what it has so far. */
  isCancelled?: () => boolean;
}

function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Reads and analyses every source file of a workspace. One bad file never stops the scan. */
export function scanWorkspace(root: string, ctx: AnalysisContext, options: ScanOptions = {}): ScanResult {
  const listing = listSourceFiles(root, ctx.config, options.paths);
  const analyzeOptions: ScanOptions = { ...options };
  if (ctx.config.typeAware && !analyzeOptions.typeAware) analyzeOptions.typeAware = createTypeAwareProgram(root, listing.files);
  const share = scanShare(root, listing.files, ctx, analyzeOptions);
  return { root, ...share, skipped: [...listing.skipped, ...share.skipped] };
}

export interface ScanShare {
  findings: Finding[];
  skipped: SkippedFile[];
  syntaxErrors: { file: string; count: number }[];
  filesScanned: number;
  linesScanned: number;
}

/** Analyses a list of files (all of a workspace, or one thread's share of it). */
export function scanShare(root: string, files: string[], ctx: AnalysisContext, options: ScanOptions): ScanShare {
  const share: ScanShare = { findings: [], skipped: [], syntaxErrors: [], filesScanned: 0, linesScanned: 0 };
  const maxBytes = ctx.config.maxFileSizeKb * 1024;
  files.forEach((rel, i) => {
    if (options.isCancelled?.()) return;
    options.onProgress?.(i, files.length, rel);
    const r = scanFile(root, rel, ctx, maxBytes, options);
    if ('skipped' in r) {
      share.skipped.push({ file: rel, reason: r.skipped });
      return;
    }
    share.filesScanned++;
    share.linesScanned += r.lines;
    share.findings.push(...r.findings);
    if (r.syntaxErrors) share.syntaxErrors.push({ file: rel, count: r.syntaxErrors });
  });
  return share;
}

export type FileScan = { findings: Finding[]; lines: number; syntaxErrors: number; text: string } | { skipped: string };

export function scanFile(root: string, rel: string, ctx: AnalysisContext, maxBytes: number, options: AnalyzeOptions = {}): FileScan {
  let bytes: Buffer;
  try {
    const abs = path.join(root, rel);
    const stat = fs.statSync(abs);
    if (!stat.isFile()) return { skipped: 'not a regular file' };
    if (stat.size > maxBytes) return { skipped: `larger than ${Math.round(maxBytes / 1024)} KiB` };
    bytes = fs.readFileSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { skipped: code === 'ENOENT' ? 'deleted during the scan' : `cannot read: ${readFailure(e)}` };
  }
  const reason = contentSkipReason(bytes, maxBytes);
  if (reason) return { skipped: reason };
  const text = decodeSource(bytes);
  try {
    const analysis = analyzeSource({ relPath: rel, text }, ctx, options);
    if (analysis.skipped) return { skipped: analysis.skipped };
    return { findings: analysis.findings, lines: countLines(text), syntaxErrors: analysis.syntaxErrors, text };
  } catch (e) {
    // The engine is built not to throw; if it does, the file is reported rather than the scan lost.
    return { skipped: `analysis failed: ${(e as Error).message}` };
  }
}
