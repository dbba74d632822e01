import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createAnalysisContext } from '../core/analysis/context';
import { scanToText, worstSeverityRank } from '../core/report/scan-text';
import { toSarif } from '../core/report/sarif';
import { applySafeFixes } from '../core/workspace/apply-fixes';
import { readBaseline, writeBaseline } from '../core/workspace/baseline';
import { loadConfig } from '../core/workspace/config';
import { listSourceFiles, toPosix } from '../core/workspace/files';
import * as os from 'node:os';
import { ScanOptions, ScanResult, scanWorkspace } from '../core/workspace/scan';
import { scanWorkspaceParallel } from '../core/workspace/parallel-scan';
import { Finding, SEVERITY_ORDER, Severity } from '../core/types';
import { CliIO, emit, EXIT_FINDINGS, EXIT_OK, UsageError } from './io';
import { toolVersion } from './version';

interface Target {
  root: string;
  paths?: string[];
}

/** One directory argument is the workspace root; otherwise the root is the working folder and the arguments narrow the scan. */
function resolveTarget(io: CliIO, positionals: string[], rootOption: string | undefined): Target {
  if (rootOption) return { root: path.resolve(io.cwd, rootOption), paths: positionals.length ? positionals.map((p) => path.resolve(io.cwd, p)) : undefined };
  if (positionals.length === 1) {
    const abs = path.resolve(io.cwd, positionals[0]);
    if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) return { root: abs };
  }
  return { root: io.cwd, paths: positionals.length ? positionals.map((p) => path.resolve(io.cwd, p)) : undefined };
}

/** Worth worker threads: each costs ~0.3 s to start (it loads the bundle), so only for large trees. */
const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;

async function runScan(io: CliIO, target: Target, typeAware = false): Promise<{ result: ScanResult; ctx: ReturnType<typeof createAnalysisContext> }> {
  const config = loadConfig(target.root);
  if (typeAware) config.typeAware = true;
  const ctx = createAnalysisContext(config, { root: target.root });
  const paths = target.paths?.map((p) => toPosix(path.relative(target.root, p)) || '.');
  return { result: await scanForCli(io, target.root, ctx, paths), ctx };
}

/**
 * The scan every command runs (`scan`, `baseline`, `report`): progress on a terminal, and worker threads
 * for a large tree when running from the bundle (dist/cli.js); from sources (tests) it stays in-thread.
 */
export async function scanForCli(io: CliIO, root: string, ctx: ReturnType<typeof createAnalysisContext>, paths?: string[]): Promise<ScanResult> {
  let lastProgress = 0;
  const options: ScanOptions = {
    paths,
    onProgress: io.stderrIsTTY
      ? (done, total, file) => {
          const now = Date.now();
          if (now - lastProgress < 100) return;
          lastProgress = now;
          io.stderr(`\r\x1b[K[${done}/${total}] ${file.slice(-60)}`);
        }
      : undefined,
  };
  const bundled = __filename.endsWith('.js');
  const bytes = bundled && !ctx.config.typeAware && os.availableParallelism() > 1 ? totalBytes(root, listSourceFiles(root, ctx.config, paths).files) : 0;
  const result = bytes >= PARALLEL_MIN_BYTES ? await scanWorkspaceParallel(root, ctx, __filename, options) : scanWorkspace(root, ctx, options);
  if (io.stderrIsTTY && lastProgress) io.stderr('\r\x1b[K');
  return result;
}

function totalBytes(root: string, files: string[]): number {
  let n = 0;
  for (const f of files) n += fs.statSync(path.join(root, f), { throwIfNoEntry: false })?.size ?? 0;
  return n;
}

const FORMATS = ['text', 'json', 'sarif'] as const;

export async function runScanCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string', default: 'error' },
      baseline: { type: 'string' },
      fix: { type: 'boolean', default: false },
      'type-aware': { type: 'boolean', default: false },
      root: { type: 'string' },
    },
  });
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const failOn = values['fail-on'] as Severity | 'none';
  if (failOn !== 'none' && !(failOn in SEVERITY_ORDER)) throw new UsageError('--fail-on must be error, warning, info or none');

  const target = resolveTarget(io, positionals, values.root);
  const typeAware = values['type-aware'];
  let { result, ctx } = await runScan(io, target, typeAware);

  if (values.fix) {
    const texts = new Map<string, string>();
    for (const f of new Set(result.findings.filter((x) => x.fixes.some((fx) => fx.safe) && !x.suppression).map((x) => x.file))) {
      texts.set(f, fs.readFileSync(path.join(target.root, f), 'utf8'));
    }
    const summaries = applySafeFixes(target.root, texts, result.findings);
    let count = 0;
    for (const s of summaries) {
      if (s.refused) io.stderr(`fix: ${s.file}: not changed: ${s.refused}\n`);
      for (const a of s.applied) io.stderr(`fix: ${s.file}:${a.line}: ${a.ruleId}: ${a.title}\n`);
      count += s.applied.length;
    }
    io.stderr(`fix: applied ${count} fix${count === 1 ? '' : 'es'} in ${summaries.filter((s) => s.applied.length).length} file(s)\n`);
    if (count > 0) ({ result, ctx } = await runScan(io, target, typeAware));
  }

  let findings: Finding[] = result.findings;
  if (values.baseline) {
    const known = readBaseline(path.resolve(io.cwd, values.baseline), values.baseline);
    findings = findings.filter((f) => !known.has(f.fingerprint));
  }

  let text: string;
  if (format === 'sarif') text = `${JSON.stringify(toSarif(findings, ctx, { version: toolVersion() }), null, 2)}\n`;
  else if (format === 'json') {
    text = `${JSON.stringify(
      {
        tool: { name: 'sbd', version: toolVersion(), rulesetHash: ctx.rulesetHash },
        filesScanned: result.filesScanned,
        linesScanned: result.linesScanned,
        findings,
        skipped: result.skipped,
        syntaxErrors: result.syntaxErrors,
      },
      null,
      2,
    )}\n`;
  } else text = scanToText(result, findings);
  emit(io, values.output ? path.resolve(io.cwd, values.output) : undefined, text);

  if (failOn === 'none') return EXIT_OK;
  return worstSeverityRank(findings) >= SEVERITY_ORDER[failOn] ? EXIT_FINDINGS : EXIT_OK;
}

export async function runBaselineCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { output: { type: 'string', short: 'o' }, root: { type: 'string' } },
  });
  const target = resolveTarget(io, positionals, values.root);
  const { result } = await runScan(io, target);
  const out = values.output ? path.resolve(io.cwd, values.output) : path.join(target.root, 'security', 'baseline.json');
  const baseline = writeBaseline(out, result.findings);
  io.stderr(`baseline: ${baseline.fingerprints.length} finding(s) recorded in ${toPosix(path.relative(io.cwd, out))}\n`);
  return EXIT_OK;
}
