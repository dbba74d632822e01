import { ActivityNode, TraceGraph } from '../../trace/graph';
import { GAP_KINDS, GapKind } from '../../trace/types';
import { Finding, Severity } from '../../types';
import { SkippedFile } from '../../workspace/files';
import { AdvisoryInput } from './advisories';
import { ComponentSet } from './components';
import { VulnerabilityReport } from './vulnerabilities';

/** The trace's gap kinds plus what only the report can see (it alone reads the advisories). */
export const EVIDENCE_GAP_KINDS = [...GAP_KINDS, 'soup-unassessed-vulnerability'] as const;
export type EvidenceGapKind = GapKind | 'soup-unassessed-vulnerability';

export interface EvidenceGap {
  kind: EvidenceGapKind;
  id: string;
  /** Workspace-relative (or the advisories file as named in the report). */
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface GitState {
  /** False: the folder is not inside a git work tree. */
  repository: boolean;
  commit?: string;
  branch?: string;
  /** Tracked files changed since the commit; undefined when git could not tell. */
  dirty?: boolean;
  /** Why the dirty state is unknown. */
  dirtyNote?: string;
}

export interface Provenance {
  tool: { name: string; version: string };
  rulesetHash: string;
  activeRules: number;
  /** Workspace rule packs loaded (workspace-relative). */
  rulePacks: string[];
  /** Rule overrides of the configuration, as "RULE=value". */
  ruleOverrides: string[];
  typeAware: boolean;
  trusted: boolean;
  git: GitState;
  /** ISO 8601 UTC, absent when there is no reproducible source for it. */
  timestamp?: string;
  timestampSource: 'SOURCE_DATE_EPOCH' | 'commit date' | 'none';
  /** Inputs that decide the content, with their SHA-256. */
  inputs: { file: string; sha256: string }[];
}

export interface EvidenceSummary {
  requirements: number;
  implemented: number;
  verified: number;
  threats: number;
  mitigated: number;
  accepted: number;
  unmitigated: number;
  openFindings: Record<Severity, number>;
  openFindingsTotal: number;
  suppressedFindings: number;
  activities: TraceGraph['summary']['activities'];
  soupComponents: number;
  sbomComponents: number;
  knownVulnerabilities: number;
  unassessedVulnerabilities: number;
  exploitableVulnerabilities: number;
  gaps: number;
  gapsByKind: Partial<Record<EvidenceGapKind, number>>;
}

export interface ScanFacts {
  filesScanned: number;
  linesScanned: number;
  skipped: SkippedFile[];
  syntaxErrors: { file: string; count: number }[];
}

/** Everything the report files are rendered from. Contains workspace-relative paths only. */
export interface EvidenceData {
  product: { name: string; version?: string };
  graph: TraceGraph;
  /** The catalog coverage, with the SOUP clauses adjusted for known vulnerabilities. */
  activities: ActivityNode[];
  /** Sorted by file, line, column, rule. */
  findings: Finding[];
  scan: ScanFacts;
  components: ComponentSet;
  advisories?: AdvisoryInput;
  vulnerabilities: VulnerabilityReport;
  /** Trace gaps and report gaps, sorted by file, line, column, kind, id. */
  gaps: EvidenceGap[];
  summary: EvidenceSummary;
  provenance: Provenance;
  files: { requirements: string; threats: string; soup: string; activities: string };
}
