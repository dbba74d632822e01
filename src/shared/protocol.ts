// Every custom message between the Secure by Design client and server, typed, in one place. Method
// names are `sbd/…`; nothing else in the code base spells a method name as a string.
import { NotificationType, NotificationType0, RequestType } from 'vscode-languageserver-protocol';
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
  /** The same graph as `sbd trace --format json` computes: requirements, threats, activities, SOUP, gaps. */
  graph?: TraceGraph;
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
