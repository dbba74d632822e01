// Every custom message between the Secure by Design client and server, typed, in one place. Method
// names are `sbd/…`; nothing else in the code base spells a method name as a string.
import { NotificationType, NotificationType0, Position, Range, RequestType } from 'vscode-languageserver-protocol';
import type { TraceGraph } from '../core/trace/graph';

/** The `workspace/configuration` section and the prefix of every editor setting. */
export const SETTINGS_SECTION = 'secureByDesign';

/** Passed by the client in `initialize`. */
export interface InitializationOptions {
  /** False in an untrusted (restricted) workspace: workspace rule packs and trust-requiring settings are ignored. */
  trusted?: boolean;
}

export interface StatusParams {
  /** Findings not suppressed, over the workspace scan and the open documents. */
  openFindings: number;
  /** Trace gaps (unknown ids, unimplemented or unverified requirements …). */
  traceGaps: number;
  /** True when the workspace is not trusted and runs with built-in rules and settings only. */
  restricted: boolean;
  /** True while the background workspace scan runs. */
  scanning: boolean;
}

/** Server → client whenever the counts change. */
export const StatusNotification = new NotificationType<StatusParams>('sbd/status');

export interface ScanWorkspaceParams {
  /** Limit the scan to one workspace folder; default: all folders. */
  folderUri?: string;
}

export interface ScanWorkspaceResult {
  filesScanned: number;
  openFindings: number;
  cancelled: boolean;
}

/** Rescans every workspace folder (with work-done progress) and republishes diagnostics. */
export const ScanWorkspaceRequest = new RequestType<ScanWorkspaceParams, ScanWorkspaceResult, void>('sbd/scanWorkspace');

export interface RuleSummary {
  id: string;
  title: string;
  family: string;
  severity: 'error' | 'warning' | 'info';
  cwe: number[];
  iec81001: string[];
  fr: string[];
  hasFix: boolean;
}

export interface ListRulesParams {
  /** A document or folder whose configuration (rule overrides, workspace packs) applies. */
  uri?: string;
}

/** The active rules for a resource, sorted by id. */
export const ListRulesRequest = new RequestType<ListRulesParams, RuleSummary[], void>('sbd/listRules');

export interface RuleHelpParams {
  ruleId: string;
  uri?: string;
}

export interface RuleHelpResult {
  id: string;
  title: string;
  /** The full help page: title, why it matters, CWE links, IEC 81001-5-1 clauses, IEC 62443 FR. */
  markdown: string;
}

/** Help of one rule, or null for an unknown id. */
export const RuleHelpRequest = new RequestType<RuleHelpParams, RuleHelpResult | null, void>('sbd/ruleHelp');

export interface NewRequirementParams {
  title: string;
  /** The workspace folder whose requirements file receives the entry; default: the first folder. */
  folderUri?: string;
}

export interface NewRequirementResult {
  id: string;
  /** The requirements file and the 0-based line of the new entry's `id:`. */
  uri: string;
  line: number;
}

/** Appends a draft requirement to the requirements file (through `workspace/applyEdit`). */
export const NewRequirementRequest = new RequestType<NewRequirementParams, NewRequirementResult, void>('sbd/newRequirement');

export interface TraceGraphParams {
  /** The workspace folder; default: the first folder. */
  folderUri?: string;
}

export interface TraceGraphResult {
  /** False when no workspace folder is open. */
  available: boolean;
  /** The folder the graph describes; every `file` in the graph is relative to it. */
  folderUri?: string;
  /**
   * The same graph as `sbd trace --format json` computes: requirements, threats, activities, SOUP, gaps. With
   * the `advisoriesFile` setting, the SOUP clauses' activities are judged on known vulnerabilities too.
   */
  graph?: TraceGraph;
  /** Known vulnerabilities of shipped components from the `advisoriesFile` setting (absent without one). */
  advisories?: AdvisoriesState;
}

export interface KnownVulnerabilityInfo {
  /** GHSA, CVE or OSV id. */
  id: string;
  aliases: string[];
  package: string;
  /** The shipped versions it affects. */
  versions: string[];
  severity: string;
  title?: string;
  /** soup.yaml's assessment of it, if any. */
  assessment?: { exploitable: boolean; rationale: string; date: string };
  /** Where the SOUP entry (or the package's declaration) is, to open. */
  file: string;
  line: number;
}

export interface AdvisoriesState {
  /** The advisories file as configured (workspace-relative). */
  file: string;
  /** Why the file could not be used, naming it, line and column; the graph then has no vulnerability verdicts. */
  problem?: string;
  vulnerabilities: KnownVulnerabilityInfo[];
}

/**
 * Requirements, threats, activity coverage (IEC 81001-5-1), SOUP and gaps of a folder, with the links to
 * code and tests: the data behind the panel views and the trace matrix.
 */
export const TraceGraphRequest = new RequestType<TraceGraphParams, TraceGraphResult, void>('sbd/traceGraph');

/**
 * Server → client after the trace graph may have changed (model files, tags or findings): the panel views
 * and the trace matrix request `sbd/traceGraph` again.
 */
export const TraceChangedNotification = new NotificationType0('sbd/traceChanged');

export interface FindingsParams {
  /** The workspace folder; default: the first folder. */
  folderUri?: string;
}

export interface PanelFinding {
  ruleId: string;
  title: string;
  family: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  cwe: number[];
  /** Workspace-relative, like every file of the trace graph. */
  file: string;
  range: Range;
  /** Requirements whose `@implements` code contains the finding. */
  requirements: string[];
  /** Present for a finding covered by a justified, unexpired `sbd-ignore` comment. */
  suppression?: { justification: string; risk?: string; until?: string };
}

export interface FindingGroup {
  /** Rule family (`sql-injection`) or requirement id; '' for the findings outside any requirement's code. */
  key: string;
  label: string;
  /** The CWEs of a family group, or the requirement's title. */
  detail: string;
  /** Findings that are not suppressed. */
  open: number;
  /** Open findings first, then by file, line and column. */
  findings: PanelFinding[];
}

export interface FindingsResult {
  available: boolean;
  folderUri?: string;
  open: number;
  suppressed: number;
  /** By rule family, families sorted by name, each with the CWEs of its findings. */
  byFamily: FindingGroup[];
  /** By requirement (trace-graph order), then one group with key '' for findings outside implementing code. */
  byRequirement: FindingGroup[];
}

/**
 * The findings of a folder (workspace scan and open documents, suppressed ones included and flagged) grouped
 * for the Findings view. The view refreshes on `sbd/traceChanged`, which follows every change of findings.
 */
export const FindingsRequest = new RequestType<FindingsParams, FindingsResult, void>('sbd/findings');

/** Where "Export evidence report" writes when the user keeps the default, relative to the workspace folder. */
export const DEFAULT_EVIDENCE_DIR = 'security/evidence';

export interface ExportEvidenceReportParams {
  folderUri?: string;
  /** The output folder (created if needed); default: DEFAULT_EVIDENCE_DIR in the workspace folder. */
  outUri?: string;
}

export interface ExportEvidenceReportResult {
  outUri: string;
  /** The files written (index.html first). */
  files: string[];
  indexUri: string;
  openFindings: number;
  gaps: number;
}

/** Writes the evidence report of `sbd report` (same builder, same bytes) for a folder, atomically per file. */
export const ExportEvidenceReportRequest = new RequestType<ExportEvidenceReportParams, ExportEvidenceReportResult, void>('sbd/exportEvidenceReport');

export const MATRIX_EXPORT_FORMATS = ['csv', 'md', 'html'] as const;
export type MatrixExportFormat = (typeof MATRIX_EXPORT_FORMATS)[number];

export interface ExportTraceMatrixParams {
  folderUri?: string;
  format: MatrixExportFormat;
  /** The file to write (atomically). */
  targetUri: string;
}

export interface ExportTraceMatrixResult {
  uri: string;
  bytes: number;
}

/** Writes the trace matrix as `sbd trace --format csv|md|html` renders it. */
export const ExportTraceMatrixRequest = new RequestType<ExportTraceMatrixParams, ExportTraceMatrixResult, void>('sbd/exportTraceMatrix');

export interface CreateStarterModelParams {
  folderUri?: string;
}

export interface CreateStarterModelResult {
  /** The model files created; existing files are never touched, so this may be empty. */
  created: string[];
  /** The requirements file, to open next. */
  requirementsUri: string;
}

/** Creates the starter requirements, threats and SOUP files (SOUP prefilled from package.json). */
export const CreateStarterModelRequest = new RequestType<CreateStarterModelParams, CreateStarterModelResult, void>('sbd/createStarterModel');

export interface InsertTagParams {
  /** The document with the cursor. */
  uri: string;
  position: Position;
  requirement: string;
}

export interface InsertTagResult {
  /** `verifies` in a test file (`trace.testFiles`), otherwise `implements`. */
  tag: 'implements' | 'verifies';
  /** The 0-based line the tag comment is on after the edit. */
  line: number;
}

/**
 * Inserts `// @implements SR-n` (or `// @verifies SR-n` in a test file) at a position through
 * `workspace/applyEdit`, so the editor can undo it: on a blank line at the position, otherwise on a new line
 * above it with the same indentation.
 */
export const InsertTagRequest = new RequestType<InsertTagParams, InsertTagResult, void>('sbd/insertTag');
