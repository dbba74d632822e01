// The evidence report (`sbd report`, "Export evidence report"): one scan and one trace of a workspace,
// joined with its SBOM and known vulnerabilities, written as index.html, trace-matrix.csv, summary.md,
// findings.sarif and sbom.cdx.json. Same input, same bytes: no clock, no random ids, no absolute paths.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnalysisContext, createAnalysisContext, workspacePackFiles } from '../../analysis/context';
import { findPackageDir } from '../../rules/package-dir';
import { ActivityNode, TraceGraph } from '../../trace/graph';
import { buildTraceIndex, LOCKFILES } from '../../trace/index';
import { renderTrace } from '../../trace/render';
import { Finding, InputError, Severity } from '../../types';
import { writeFileAtomic } from '../../workspace/atomic';
import { CONFIG_FILE, loadConfig, SbdConfig } from '../../workspace/config';
import { toPosix } from '../../workspace/files';
import { ScanResult, scanWorkspace } from '../../workspace/scan';
import { toSarif } from '../sarif';
import { AdvisoryInput, parseAdvisories } from './advisories';
import { collectComponents, ComponentSet } from './components';
import { EVIDENCE_FILES, EvidenceFileName } from './files';
import { renderHtml } from './html';
import { renderSummaryMarkdown } from './markdown';
import { isoSeconds, parseSourceDateEpoch, readGitState } from './provenance';
import { renderSbom } from './sbom';
import { EVIDENCE_GAP_KINDS, EvidenceData, EvidenceGap, EvidenceSummary, Provenance } from './types';
import { matchVulnerabilities, VulnerabilityReport } from './vulnerabilities';

export { EVIDENCE_FILES, parseAdvisories };
export type { Advisory, AdvisoryInput } from './advisories';
export type { EvidenceFileName } from './files';
export type { EvidenceData, EvidenceGap, EvidenceGapKind, EvidenceSummary, Provenance } from './types';

export interface EvidenceReportOptions {
  /** Default: sbd.config.json of the workspace (loadConfig). */
  config?: SbdConfig;
  /** Default: built from the config; pass the one a scan already used. */
  analysis?: AnalysisContext;
  /** False in an untrusted workspace: no workspace rule packs, no git process. Default true. */
  trusted?: boolean;
  /** Findings of a scan already run with the same configuration (e.g. a parallel scan); default: scans now. */
  scan?: ScanResult;
  /** YYYY-MM-DD against which suppression expiry dates are judged when scanning; default: today. */
  today?: string;
  /** npm audit (7+) or OSV JSON file (a relative path is taken from the workspace root), or its parsed content. */
  advisories?: string | AdvisoryInput;
  /** How the advisories file is named in messages; default: workspace-relative, or its base name when outside. */
  advisoriesLabel?: string;
  /**
   * The report's timestamp, in seconds. Default: SOURCE_DATE_EPOCH (ignored when malformed), else the HEAD
   * commit's date, else none. null: do not read SOURCE_DATE_EPOCH.
   */
  sourceDateEpoch?: number | null;
  /** Default: the version in our package.json. */
  toolVersion?: string;
  /** The output folder: its own changes do not make the work tree dirty. */
  outDir?: string;
  onProgress?: (done: number, total: number, file: string) => void;
}

export interface EvidenceReport {
  data: EvidenceData;
  files: { name: EvidenceFileName; content: string }[];
}

let packageVersion: string | undefined;

function ownVersion(): string {
  packageVersion ??= (JSON.parse(fs.readFileSync(path.join(findPackageDir(), 'package.json'), 'utf8')) as { version: string }).version;
  return packageVersion;
}

/** A path as the report may show it: workspace-relative, or only the base name when outside the workspace. */
export function displayPath(root: string, file: string): string {
  const rel = path.relative(root, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? toPosix(rel) : path.basename(file);
}

function readIfPresent(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Reads an advisories file. Problems name it as `label` (how the user wrote it); the report shows it
 * workspace-relative, or by base name when it lies outside the workspace.
 */
export function readAdvisoriesFile(root: string, file: string, label?: string): AdvisoryInput {
  const abs = path.resolve(root, file);
  const shown = displayPath(root, abs);
  let text: string;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    throw new InputError([{ file: label ?? shown, line: 1, column: 1, message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  return { ...parseAdvisories(text, label ?? shown), file: shown };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function compareEvidenceGaps(a: EvidenceGap, b: EvidenceGap): number {
  return compare(a.file, b.file) || a.line - b.line || a.column - b.column || EVIDENCE_GAP_KINDS.indexOf(a.kind) - EVIDENCE_GAP_KINDS.indexOf(b.kind) || compare(a.id, b.id);
}

function compareFindings(a: Finding, b: Finding): number {
  return compare(a.file, b.file) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || compare(a.ruleId, b.ruleId) || compare(a.fingerprint, b.fingerprint);
}

/** The SOUP clauses (4.1.5, 5.2.3, 6.2.1) also need every known vulnerability of a shipped component assessed. */
function adjustActivities(activities: ActivityNode[], vulns: VulnerabilityReport, advisories: AdvisoryInput | undefined, soupFile: string): ActivityNode[] {
  return activities.map((a) => {
    if (a.evidence !== 'soup-register') return a;
    if (!advisories) return { ...a, detail: `${a.detail}; no known-vulnerability input (sbd report --advisories)` };
    const known = vulns.known.length;
    const open = vulns.gaps.length;
    if (open) return { ...a, status: a.status === 'covered' ? 'partial' : a.status, detail: `${a.detail}; ${open} of ${known} known vulnerabilities not assessed in ${soupFile}` };
    return { ...a, detail: `${a.detail}; ${known} known ${known === 1 ? 'vulnerability' : 'vulnerabilities'} in ${advisories.file}${known ? ', all assessed' : ''}` };
  });
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The shipped components of a workspace (lockfile and package.json files on disk), joined with the SOUP register of its graph. */
export function workspaceComponents(root: string, graph: TraceGraph): ComponentSet {
  const manifestTexts = new Map<string, string>();
  for (const d of graph.soup.dependencies) {
    if (!manifestTexts.has(d.manifest)) manifestTexts.set(d.manifest, readIfPresent(path.join(root, d.manifest)) ?? '');
  }
  const lockName = LOCKFILES.find((f) => fs.existsSync(path.join(root, f)));
  const lockText = lockName ? readIfPresent(path.join(root, lockName)) : undefined;
  return collectComponents({
    fallbackName: path.basename(root),
    manifestText: readIfPresent(path.join(root, 'package.json')),
    lockfile: lockName && lockText !== undefined ? { file: lockName, text: lockText } : undefined,
    dependencies: graph.soup.dependencies,
    soup: graph.soup.components,
    manifestTexts,
  });
}

export interface SoupVulnerabilities {
  components: ComponentSet;
  /** Known vulnerabilities of shipped components, and a gap for each one soup.yaml does not assess. */
  vulnerabilities: VulnerabilityReport;
  /** The graph's activities, with the SOUP clauses judged on the vulnerabilities too. */
  activities: ActivityNode[];
}

/**
 * Joins a workspace's trace graph with known-vulnerability input (IEC 81001-5-1 4.1.5, 6.2.1): the evidence
 * report and the editor's panel show the same verdicts. Without advisories, nothing is known and the SOUP
 * clauses say so.
 */
export function soupVulnerabilities(root: string, graph: TraceGraph, advisories: AdvisoryInput | undefined, soupFile: string): SoupVulnerabilities {
  const components = workspaceComponents(root, graph);
  const vulnerabilities = matchVulnerabilities(advisories, components, graph.soup.components, soupFile);
  return { components, vulnerabilities, activities: adjustActivities(graph.activities, vulnerabilities, advisories, soupFile) };
}

/** Scans, traces and joins everything the report shows; renders the files in memory. */
export function buildEvidenceReport(workspaceRoot: string, options: EvidenceReportOptions = {}): EvidenceReport {
  const root = path.resolve(workspaceRoot);
  const config = options.config ?? loadConfig(root);
  const trusted = options.trusted !== false;
  // Read the advisories before the (slow) scan, so a malformed file fails fast.
  const advisories = typeof options.advisories === 'string' ? readAdvisoriesFile(root, options.advisories, options.advisoriesLabel) : options.advisories;
  const analysis = options.analysis ?? createAnalysisContext(config, { root, trusted });
  const scan = options.scan ?? scanWorkspace(root, analysis, { onProgress: options.onProgress, today: options.today });

  const index = buildTraceIndex(root, config);
  const byFile = new Map<string, Finding[]>();
  for (const f of scan.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, list] of byFile) index.setFindings(file, list);
  // Tells the index a scan ran even when it found nothing, so rule-based clauses are judged, not "missing".
  if (!byFile.size) index.setFindings('.', []);
  const graph = index.graph();
  const files = { requirements: index.modelPath('requirements'), threats: index.modelPath('threats'), soup: index.modelPath('soup'), activities: index.modelPath('activities') };

  const lockName = LOCKFILES.find((f) => fs.existsSync(path.join(root, f)));
  const { components, vulnerabilities, activities } = soupVulnerabilities(root, graph, advisories, files.soup);
  const gaps: EvidenceGap[] = [
    ...graph.gaps.map((g) => ({ kind: g.kind, id: g.id, file: g.file, line: g.line, column: g.column, message: g.message })),
    ...vulnerabilities.gaps,
  ].sort(compareEvidenceGaps);
  const findings = [...scan.findings].sort(compareFindings);

  const outRel = options.outDir ? path.relative(root, path.resolve(root, options.outDir)) : undefined;
  const git = readGitState(root, { allowProcess: trusted, exclude: outRel && !outRel.startsWith('..') && !path.isAbsolute(outRel) ? toPosix(outRel) : undefined });
  const epoch = options.sourceDateEpoch === undefined ? parseSourceDateEpoch(process.env.SOURCE_DATE_EPOCH) : (options.sourceDateEpoch ?? undefined);
  const validEpoch = epoch !== undefined && Number.isFinite(epoch) ? epoch : undefined;
  const seconds = validEpoch ?? git.commitTime;

  const inputs: Provenance['inputs'] = [];
  const packs = trusted ? workspacePackFiles(root, config) : [];
  for (const rel of [CONFIG_FILE, files.requirements, files.threats, files.soup, files.activities, 'package.json', ...(lockName ? [lockName] : []), ...packs]) {
    const text = readIfPresent(path.join(root, rel));
    if (text !== undefined) inputs.push({ file: rel, sha256: sha256(text) });
  }
  if (advisories) inputs.push({ file: advisories.file, sha256: advisories.sha256 });

  const provenance: Provenance = {
    tool: { name: 'Secure by Design (sbd)', version: options.toolVersion ?? ownVersion() },
    rulesetHash: analysis.rulesetHash,
    activeRules: analysis.rules.length,
    rulePacks: packs,
    ruleOverrides: Object.entries(config.rules)
      .sort(([a], [b]) => compare(a, b))
      .map(([id, v]) => `${id}=${typeof v === 'string' ? v : JSON.stringify(v)}`),
    typeAware: config.typeAware,
    trusted,
    git: git.state,
    timestamp: seconds === undefined ? undefined : isoSeconds(seconds),
    timestampSource: validEpoch !== undefined ? 'SOURCE_DATE_EPOCH' : git.commitTime !== undefined ? 'commit date' : 'none',
    inputs,
  };

  const open: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) if (!f.suppression) open[f.severity]++;
  const activityCounts = { covered: 0, partial: 0, missing: 0, manual: 0 };
  for (const a of activities) activityCounts[a.status]++;
  const gapsByKind: EvidenceSummary['gapsByKind'] = {};
  for (const g of gaps) gapsByKind[g.kind] = (gapsByKind[g.kind] ?? 0) + 1;
  const s = graph.summary;
  const summary: EvidenceSummary = {
    requirements: s.requirements,
    implemented: s.implemented,
    verified: s.verified,
    threats: s.threats,
    mitigated: s.mitigated,
    accepted: s.accepted,
    unmitigated: graph.threats.filter((t) => !t.mitigatedBy.length && !t.accepted).length,
    openFindings: open,
    openFindingsTotal: open.error + open.warning + open.info,
    suppressedFindings: findings.filter((f) => f.suppression).length,
    activities: activityCounts,
    soupComponents: s.soupComponents,
    sbomComponents: components.components.length,
    knownVulnerabilities: vulnerabilities.known.length,
    unassessedVulnerabilities: vulnerabilities.gaps.length,
    exploitableVulnerabilities: vulnerabilities.known.filter((k) => k.assessment?.exploitable).length,
    gaps: gaps.length,
    gapsByKind,
  };

  const data: EvidenceData = {
    product: { name: components.product.name, version: components.product.version },
    graph,
    activities,
    findings,
    scan: { filesScanned: scan.filesScanned, linesScanned: scan.linesScanned, skipped: scan.skipped, syntaxErrors: scan.syntaxErrors },
    components,
    advisories,
    vulnerabilities,
    gaps,
    summary,
    provenance,
    files,
  };
  const content: Record<EvidenceFileName, string> = {
    'index.html': renderHtml(data),
    'trace-matrix.csv': renderTrace(graph, 'csv'),
    'summary.md': renderSummaryMarkdown(data),
    'findings.sarif': `${JSON.stringify(toSarif(findings, analysis, { version: provenance.tool.version }), null, 2)}\n`,
    'sbom.cdx.json': renderSbom(data),
  };
  return { data, files: EVIDENCE_FILES.map((name) => ({ name, content: content[name] })) };
}

/** Writes the report's files into `outDir` (created if needed; other files there are left alone). */
export function writeEvidenceFiles(outDir: string, report: EvidenceReport): string[] {
  const dir = path.resolve(outDir);
  fs.mkdirSync(dir, { recursive: true });
  return report.files.map((f) => {
    const file = path.join(dir, f.name);
    writeFileAtomic(file, f.content);
    return file;
  });
}

/** Builds and writes the evidence report of `root` into `outDir` (relative: from the process's folder); returns the absolute paths written. */
export function writeEvidenceReport(root: string, outDir: string, options: EvidenceReportOptions = {}): string[] {
  const dir = path.resolve(outDir);
  return writeEvidenceFiles(dir, buildEvidenceReport(root, { ...options, outDir: options.outDir ?? dir }));
}
