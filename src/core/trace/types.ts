import { Range } from '../types';

export const GAP_KINDS = [
  'schema',
  'duplicate-id',
  'unknown-id',
  'misplaced-tag',
  'no-activity',
  'unimplemented',
  'unverified',
  'skipped-verification',
  'unmitigated-threat',
  'soup-missing',
  'soup-unused',
  'soup-version-mismatch',
] as const;

export type GapKind = (typeof GAP_KINDS)[number];

/** A trace gap: always names a workspace-relative file and a 1-based line and column. */
export interface Gap {
  kind: GapKind;
  /** The requirement, threat, package or clause concerned (for schema problems: the entry, or the file). */
  id: string;
  file: string;
  line: number;
  column: number;
  /** 0-based, for editor diagnostics. */
  range: Range;
  message: string;
}

/** A place in a workspace file. `line`/`column` are 1-based; `range` is 0-based (LSP). */
export interface Loc {
  file: string;
  line: number;
  column: number;
  range: Range;
}

export type TagKind = 'implements' | 'verifies' | 'mitigates';

export interface TagScope {
  /** Name of the declaration, or the title of a test case, when there is one. */
  name?: string;
  /** What the tag covers: a declaration, a statement, or the whole file. */
  range: Range;
  wholeFile?: boolean;
}

export interface Tag {
  kind: TagKind;
  id: string;
  file: string;
  /** 1-based position of the id token. */
  line: number;
  column: number;
  /** 0-based range of the id token. */
  range: Range;
  scope: TagScope;
  /** `@verifies` on a skipped or to-do test (it.skip, xit, describe.skip, test.todo …). */
  skipped?: boolean;
  /** The file matches `trace.testFiles`. */
  inTestFile: boolean;
}

export const VERIFICATIONS = ['test', 'analysis', 'review', 'inspection'] as const;
export type Verification = (typeof VERIFICATIONS)[number];
export type RequirementStatus = 'draft' | 'approved' | 'implemented' | 'verified' | 'obsolete';

export interface Requirement {
  id: string;
  title: string;
  text?: string;
  activities: string[];
  fr: string[];
  cwe: number[];
  mitigates: string[];
  verification?: Verification;
  status?: RequirementStatus;
  loc: Loc;
  activityLocs: Loc[];
  mitigatesLocs: Loc[];
}

export interface Acceptance {
  rationale: string;
  approver: string;
  date: string;
}

export interface Threat {
  id: string;
  title: string;
  stride: string[];
  asset?: string;
  impact?: string;
  likelihood?: string;
  risk?: string;
  accepted?: Acceptance;
  loc: Loc;
}

export interface VulnerabilityAssessment {
  id: string;
  exploitable: boolean;
  rationale: string;
  date: string;
}

export interface SoupComponent {
  name: string;
  version?: string;
  purpose?: string;
  supplier?: string;
  risk?: string;
  reviewed?: string;
  support?: string;
  endOfSupport?: string;
  assessment: VulnerabilityAssessment[];
  loc: Loc;
  versionLoc?: Loc;
}

export interface ActivityRecord {
  id: string;
  evidence: string;
  document?: string;
  owner?: string;
  date?: string;
  loc: Loc;
}
