import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createAnalysisContext } from '../core/analysis/context';
import { buildEvidenceReport, EVIDENCE_FILES, EvidenceReport, readAdvisoriesFile, writeEvidenceFiles } from '../core/report/evidence/index';
import { parseSourceDateEpoch } from '../core/report/evidence/provenance';
import { InputError } from '../core/types';
import { loadConfig } from '../core/workspace/config';
import { CliIO, EXIT_OK, EXIT_USAGE, UsageError } from './io';
import { scanForCli } from './scan';
import { toolVersion } from './version';

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** `sbd report`: exit 0 (written), 2 (usage, unreadable input, malformed advisories or config). */
export async function runReport(args: string[], io: CliIO): Promise<number> {
  // main() turns parseArgs' errors into usage errors (exit 2).
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      out: { type: 'string', short: 'o' },
      advisories: { type: 'string' },
    },
  });
  if (!values.out) throw new UsageError('--out DIR is required (the folder to write the report into)');
  if (positionals.length > 1) throw new UsageError('sbd report takes at most one workspace folder');
  const epoch = parseSourceDateEpoch(process.env.SOURCE_DATE_EPOCH);
  if (epoch !== undefined && Number.isNaN(epoch)) throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 (got "${process.env.SOURCE_DATE_EPOCH}")`);
  const root = path.resolve(io.cwd, positionals[0] ?? '.');
  if (!isDirectory(root)) {
    io.stderr(`sbd report: ${positionals[0] ?? root} is not a readable folder\n`);
    return EXIT_USAGE;
  }
  const outDir = path.resolve(io.cwd, values.out);

  let report: EvidenceReport;
  try {
    const config = loadConfig(root);
    const analysis = createAnalysisContext(config, { root });
    // A malformed advisories file fails before the scan, not after it.
    const advisories = values.advisories !== undefined ? readAdvisoriesFile(root, path.resolve(io.cwd, values.advisories), values.advisories) : undefined;
    const scan = await scanForCli(io, root, analysis);
    report = buildEvidenceReport(root, { config, analysis, scan, advisories, sourceDateEpoch: epoch ?? null, toolVersion: toolVersion(), outDir });
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`sbd report: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }

  try {
    writeEvidenceFiles(outDir, report);
  } catch (e) {
    io.stderr(`sbd report: cannot write ${values.out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return EXIT_USAGE;
  }
  const s = report.data.summary;
  const shown = values.out;
  io.stderr(
    `sbd report: wrote ${EVIDENCE_FILES.join(', ')} to ${shown} (${s.openFindingsTotal} open finding${s.openFindingsTotal === 1 ? '' : 's'}, ${s.gaps} gap${s.gaps === 1 ? '' : 's'}${report.data.advisories ? `, ${s.unassessedVulnerabilities} unassessed vulnerabilit${s.unassessedVulnerabilities === 1 ? 'y' : 'ies'}` : ''})\n`,
  );
  return EXIT_OK;
}

