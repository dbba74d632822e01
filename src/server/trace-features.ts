// Traceability in the editor: one TraceIndex (src/core/trace) per workspace folder, kept current with
// the open documents, the files on disk and the analysis findings. From it: gap diagnostics (in the
// YAML model files and on tags in code), hover, completion, definition, references, rename, code lenses
// and workspace symbols for requirement and threat ids.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CodeLens,
  CodeLensParams,
  CompletionItem,
  CompletionItemKind,
  CompletionParams,
  DefinitionParams,
  Diagnostic,
  DiagnosticSeverity,
  ErrorCodes,
  Hover,
  Location,
  MarkupKind,
  Position,
  PrepareRenameParams,
  Range,
  ReferenceParams,
  RenameParams,
  ResponseError,
  SymbolInformation,
  SymbolKind,
  TextDocumentEdit,
  TextDocuments,
  TextEdit,
  WorkspaceEdit,
  WorkspaceSymbolParams,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readAdvisoriesFile, soupVulnerabilities, SoupVulnerabilities } from '../core/report/evidence/index';
import type { AdvisoryInput } from '../core/report/evidence/advisories';
import { InputError, InputProblem } from '../core/types';
import { SbdConfig } from '../core/workspace/config';
import { decodeSource, matchesAny } from '../core/workspace/files';
import { RequirementNode, ThreatNode, TraceGraph, TraceRef } from '../core/trace/graph';
import { TraceIndex, traceIndexSteps } from '../core/trace/index';
import { runInSlices, Steps } from '../core/workspace/steps';
import { modelPatterns } from '../core/trace/model';
import { Gap, GapKind, Loc } from '../core/trace/types';
import { SHOW_REFERENCES_COMMAND } from '../shared/commands';
import { AdvisoriesState, TraceGraphResult } from '../shared/protocol';
import { RequirementCandidate } from './code-actions';
import { Analyzer, FileFindings, isSourceDocument, SOURCE } from './diagnostics';
import { DiagnosticsHub } from './hub';
import { clauses, cweLinks, escapeMarkdown } from './rule-help';
import { Settings } from './settings';
import { containsPosition, isValidPosition, lineText } from './text';
import { Folder, uriKey, Workspace } from './workspace';

export interface TraceEvents {
  /** Gaps or counts changed (status bar). */
  changed(): void;
  /** An input the user configured cannot be used (shown once per distinct message). */
  problem(message: string): void;
  log(message: string): void;
}

/** The `advisoriesFile` of a folder: its parsed content, or why it could not be used. */
interface LoadedAdvisories {
  file: string;
  input?: AdvisoryInput;
  problem?: InputProblem;
}

interface FolderTrace {
  folder: Folder;
  config: SbdConfig;
  index: TraceIndex;
  advisories?: LoadedAdvisories;
}

/** Reads the folder's advisories file, if one is configured; a bad file becomes a problem naming it, never an exception. */
function loadAdvisories(root: string, config: SbdConfig): LoadedAdvisories | undefined {
  const file = config.advisoriesFile.trim();
  if (!file) return undefined;
  try {
    return { file, input: readAdvisoriesFile(root, file, file) };
  } catch (e) {
    const problem = e instanceof InputError ? e.problems[0] : { file, line: 1, column: 1, message: (e as Error).message };
    return { file, problem };
  }
}

type IdKind = 'requirement' | 'threat' | 'clause';

interface IdHit {
  trace: FolderTrace;
  id: string;
  kind: IdKind;
  range: Range;
}

const PUBLISH_DELAY_MS = 100;

const GAP_SEVERITY: Record<GapKind, DiagnosticSeverity> = {
  schema: DiagnosticSeverity.Error,
  'duplicate-id': DiagnosticSeverity.Error,
  'unknown-id': DiagnosticSeverity.Error,
  'misplaced-tag': DiagnosticSeverity.Warning,
  'no-activity': DiagnosticSeverity.Warning,
  unimplemented: DiagnosticSeverity.Warning,
  unverified: DiagnosticSeverity.Warning,
  'skipped-verification': DiagnosticSeverity.Information,
  'unmitigated-threat': DiagnosticSeverity.Warning,
  'soup-missing': DiagnosticSeverity.Warning,
  'soup-unused': DiagnosticSeverity.Information,
  'soup-version-mismatch': DiagnosticSeverity.Warning,
};

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function readText(file: string): string | undefined {
  try {
    return decodeSource(fs.readFileSync(file));
  } catch {
    return undefined;
  }
}

/** Does `query` occur in `text` as a case-insensitive subsequence (what editors call fuzzy)? */
function fuzzy(query: string, text: string): boolean {
  const q = query.toLowerCase();
  const t = text.toLowerCase();
  let i = 0;
  for (let j = 0; j < t.length && i < q.length; j++) if (t[j] === q[i]) i++;
  return i === q.length;
}

export class TraceFeatures {
  private traces = new Map<string, FolderTrace>();
  /** Vulnerability verdicts per graph: a graph object lives until the index changes. */
  private readonly vulnerabilityCache = new WeakMap<TraceGraph, SoupVulnerabilities>();
  private readonly problemsShown = new Set<string>();
  private publishTimer: NodeJS.Timeout | undefined;
  private generation = 0;
  private scanning = false;
  /** Findings changed during the scan; the panel is told when it ends. */
  private findingsSinceNotice = false;
  private noticeTimer: NodeJS.Timeout | undefined;
  private publishedGaps = 0;
  /** Files changed on disk while the newest rebuild reads the workspace (uri → is a model file). */
  private changedDuringRebuild: Map<string, boolean> | undefined;
  /** Files whose findings changed while the newest rebuild copies every file's findings into its index. */
  private findingsChangedDuringRebuild: Set<string> | undefined;
  private markReady!: () => void;
  /** Settles when the first index is built; requests wait for it instead of answering from nothing. */
  readonly ready = new Promise<void>((resolve) => {
    this.markReady = resolve;
  });

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly workspace: Workspace,
    private readonly settings: Settings,
    private readonly hub: DiagnosticsHub,
    private readonly analyzer: Analyzer,
    private readonly events: TraceEvents,
  ) {}

  /** Re-reads every folder's model, tags and package files (start-up, settings or folders changed). */
  async rebuild(): Promise<void> {
    const generation = ++this.generation;
    // The index is read in slices between requests: files changed on disk meanwhile are read again into it.
    const changedMeanwhile = new Map<string, boolean>();
    this.changedDuringRebuild = changedMeanwhile;
    try {
      const next = new Map<string, FolderTrace>();
      for (const folder of this.workspace.folders) {
        const { config } = await this.settings.forFolder(folder);
        const advisories = loadAdvisories(folder.root, config);
        const p = advisories?.problem;
        if (p) {
          const message = `Secure by Design: the advisories file ${p.file}:${p.line}:${p.column} cannot be used: ${p.message}`;
          this.events.log(message);
          if (!this.problemsShown.has(message)) this.events.problem(message);
          this.problemsShown.add(message);
        }
        try {
          next.set(folder.root, { folder, config, index: await runInSlices(traceIndexSteps(folder.root, config)), advisories });
        } catch (e) {
          this.events.log(`trace index of ${folder.name}: ${(e as Error).message}`);
          next.set(folder.root, { folder, config, index: new TraceIndex(config), advisories });
        }
      }
      if (generation !== this.generation) return; // a newer rebuild started meanwhile
      // The findings go into the new index in slices as well; those that change meanwhile are set again.
      const findingsMeanwhile = new Set<string>();
      this.findingsChangedDuringRebuild = findingsMeanwhile;
      await runInSlices(this.findingsSteps(next));
      if (generation !== this.generation) return;
      this.traces = next;
      this.changedDuringRebuild = undefined;
      this.findingsChangedDuringRebuild = undefined;
      for (const [uri, model] of changedMeanwhile) this.fileChanged(uri, model);
      for (const uri of findingsMeanwhile) this.setFindings(uri, this.analyzer.get(uri));
      for (const doc of this.documents.all()) this.applyDocument(doc);
      this.schedulePublish();
    } catch (e) {
      this.events.log(`traceability is unavailable: ${(e as Error).stack ?? e}`);
    } finally {
      if (generation === this.generation) {
        this.changedDuringRebuild = undefined;
        this.findingsChangedDuringRebuild = undefined;
        this.markReady();
      }
    }
  }

  private locate(uri: string, traces = this.traces): { trace: FolderTrace; rel: string } | undefined {
    const { folder, rel } = this.workspace.locate(uri);
    const trace = folder && traces.get(folder.root);
    return trace ? { trace, rel } : undefined;
  }

  private isTracedSource(trace: FolderTrace, rel: string): boolean {
    return matchesAny(rel, trace.config.include) && !matchesAny(rel, trace.config.exclude);
  }

  private applyDocument(doc: TextDocument): void {
    const at = this.locate(doc.uri);
    if (!at) return;
    if (isSourceDocument(doc)) {
      if (this.isTracedSource(at.trace, at.rel)) at.trace.index.updateSourceFile(at.rel, doc.getText());
    } else {
      at.trace.index.updateModelFile(at.rel, doc.getText());
    }
    this.schedulePublish();
  }

  documentChanged(doc: TextDocument): void {
    this.applyDocument(doc);
  }

  /** A closed document's saved content is what counts again. */
  documentClosed(doc: TextDocument): void {
    this.fileChanged(doc.uri, !isSourceDocument(doc));
  }

  modelFileChanged(uri: string, _deleted: boolean): void {
    this.fileChanged(uri, true);
  }

  sourceFileChanged(uri: string, _deleted: boolean): void {
    this.fileChanged(uri, false);
  }

  private fileChanged(uri: string, model: boolean): void {
    if (this.documents.get(uri)) return; // the editor's text wins while the document is open
    this.changedDuringRebuild?.set(uri, model);
    const at = this.locate(uri);
    if (!at) return;
    const text = readText(path.join(at.trace.folder.root, at.rel));
    const { index } = at.trace;
    if (model) {
      if (text === undefined) index.removeModelFile(at.rel);
      else index.updateModelFile(at.rel, text);
    } else if (text === undefined || !this.isTracedSource(at.trace, at.rel)) {
      index.removeSourceFile(at.rel);
    } else {
      index.updateSourceFile(at.rel, text);
    }
    this.schedulePublish();
  }

  findingsChanged(uri: string, entry: FileFindings | undefined): void {
    this.findingsChangedDuringRebuild?.add(uri);
    this.setFindings(uri, entry);
    // Findings change no gap (the published diagnostics), only the graph the panel shows: the panel is told,
    // and during a workspace scan (every file's findings change) once it ends.
    if (this.scanning) this.findingsSinceNotice = true;
    else this.scheduleNotice();
  }

  private scheduleNotice(): void {
    if (this.noticeTimer || this.publishTimer) return;
    this.noticeTimer = setTimeout(() => {
      this.noticeTimer = undefined;
      this.events.changed();
    }, PUBLISH_DELAY_MS);
  }

  private setFindings(uri: string, entry: FileFindings | undefined, traces = this.traces): void {
    const at = this.locate(uri, traces);
    if (at) at.trace.index.setFindings(at.rel, entry?.findings ?? []);
  }

  /** Every file's findings into a new index, one file per step (20,000 files took ~90 ms at once). */
  private *findingsSteps(traces: Map<string, FolderTrace>): Steps<void> {
    for (const entry of [...this.analyzer.all()]) {
      this.setFindings(entry.uri, entry, traces);
      yield;
    }
  }

  /** Publishing computes the trace graph again, over the whole workspace: tens of ms on 20,000 files. */
  private schedulePublish(): void {
    if (this.publishTimer) return;
    this.publishTimer = setTimeout(() => {
      this.publishTimer = undefined;
      try {
        this.publish();
      } catch (e) {
        this.events.log(`trace diagnostics failed: ${(e as Error).stack ?? e}`);
      }
    }, PUBLISH_DELAY_MS);
  }

  /** A workspace scan started or ended. */
  scanningChanged(active: boolean): void {
    this.scanning = active;
    if (!active && this.findingsSinceNotice) {
      this.findingsSinceNotice = false;
      this.scheduleNotice();
    }
  }

  /** The URI of a workspace file, spelled as the client spells it when the document is open. */
  private uriOf(trace: FolderTrace, rel: string): string {
    const uri = this.workspace.uriOf(trace.folder.root, rel);
    const key = uriKey(uri);
    return this.documents.all().find((d) => uriKey(d.uri) === key)?.uri ?? uri;
  }

  private publish(): void {
    const byUri = new Map<string, Diagnostic[]>();
    let gaps = 0;
    const add = (trace: FolderTrace, file: string, d: Diagnostic) => {
      const uri = this.uriOf(trace, file);
      byUri.set(uri, [...(byUri.get(uri) ?? []), d]);
    };
    for (const trace of this.traces.values()) {
      for (const gap of trace.index.gaps()) {
        add(trace, gap.file, gapDiagnostic(gap));
        gaps++;
      }
      for (const gap of this.vulnerabilitiesOf(trace)?.vulnerabilities.gaps ?? []) {
        gaps++;
        const at = { line: gap.line - 1, character: gap.column - 1 };
        add(trace, gap.file, { range: { start: at, end: at }, severity: DiagnosticSeverity.Warning, code: gap.kind, source: SOURCE, message: gap.message, data: { gap: gap.kind, id: gap.id } });
      }
      const p = trace.advisories?.problem;
      if (p) {
        const at = { line: p.line - 1, character: p.column - 1 };
        add(trace, trace.advisories!.file, { range: { start: at, end: at }, severity: DiagnosticSeverity.Error, code: 'advisories', source: SOURCE, message: `${p.message} (setting advisoriesFile)` });
      }
    }
    const keys = new Set([...byUri.keys()].map(uriKey));
    this.hub.clearChannel('trace', (uri) => keys.has(uriKey(uri)));
    for (const [uri, diagnostics] of byUri) this.hub.set(uri, 'trace', diagnostics);
    this.publishedGaps = gaps;
    this.events.changed();
  }

  /** The gaps last published as diagnostics (the status bar agrees with the problems list, and never computes the graph itself). */
  gapCount(): number {
    return this.publishedGaps;
  }

  /** Known vulnerabilities of the folder's shipped components, when an advisories file is configured and usable. */
  private vulnerabilitiesOf(trace: FolderTrace): SoupVulnerabilities | undefined {
    const input = trace.advisories?.input;
    if (!input) return undefined;
    const graph = trace.index.graph();
    let found = this.vulnerabilityCache.get(graph);
    if (!found) {
      found = soupVulnerabilities(trace.folder.root, graph, input, trace.index.modelPath('soup'));
      this.vulnerabilityCache.set(graph, found);
    }
    return found;
  }

  requirementCandidates(uri: string): RequirementCandidate[] {
    const at = this.locate(uri);
    if (!at) return [];
    return at.trace.index
      .graph()
      .requirements.filter((r) => r.status !== 'obsolete')
      .map((r) => ({ id: r.id, title: r.title, cwe: r.cwe }));
  }

  graphFor(folder: Folder | undefined): TraceGraphResult {
    const trace = folder && this.traces.get(folder.root);
    if (!trace) return { available: false };
    const graph = trace.index.graph();
    const vulns = this.vulnerabilitiesOf(trace);
    const result: TraceGraphResult = { available: true, folderUri: trace.folder.uri, graph: vulns ? { ...graph, activities: vulns.activities } : graph };
    if (trace.advisories) {
      const p = trace.advisories.problem;
      const state: AdvisoriesState = { file: trace.advisories.file, vulnerabilities: [] };
      if (p) state.problem = `${p.file}:${p.line}:${p.column}: ${p.message}`;
      for (const k of vulns?.vulnerabilities.known ?? []) {
        const at = vulns!.components.locate(k.advisory.package);
        state.vulnerabilities.push({
          id: k.advisory.id,
          aliases: k.advisory.aliases,
          package: k.advisory.package,
          versions: k.components.map((c) => c.version ?? '?'),
          severity: k.advisory.severity,
          ...(k.advisory.title ? { title: k.advisory.title } : {}),
          ...(k.assessment ? { assessment: { exploitable: k.assessment.exploitable, rationale: k.assessment.rationale, date: k.assessment.date } } : {}),
          file: at.file,
          line: at.line,
        });
      }
      result.advisories = state;
    }
    return result;
  }

  // ---- ids under the cursor ----

  /** The requirement, threat or clause id at a position: in a tag of code, or in a model file. */
  private idAt(doc: TextDocument, pos: Position): IdHit | undefined {
    if (!isValidPosition(doc, pos)) return undefined;
    const at = this.locate(doc.uri);
    if (!at) return undefined;
    const { trace, rel } = at;
    const { index } = trace;
    const graph = index.graph();
    const kindOf = (id: string, fallback: IdKind): IdKind =>
      graph.requirements.some((r) => r.id === id) ? 'requirement' : graph.threats.some((t) => t.id === id) ? 'threat' : fallback;
    if (isSourceDocument(doc)) {
      const tag = index.tagsOf(rel).find((t) => containsPosition(t.range, pos));
      return tag && { trace, id: tag.id, kind: kindOf(tag.id, tag.kind === 'mitigates' ? 'threat' : 'requirement'), range: tag.range };
    }
    const role = index.modelRole(rel);
    const hit = (id: string, kind: IdKind, loc: Loc | undefined): IdHit | undefined => (loc && containsPosition(loc.range, pos) ? { trace, id, kind, range: loc.range } : undefined);
    if (role === 'requirements') {
      for (const r of index.modelFile('requirements')?.entries ?? []) {
        const found =
          hit(r.id, 'requirement', r.loc) ??
          r.mitigates.map((t, i) => hit(t, 'threat', r.mitigatesLocs[i])).find(Boolean) ??
          r.activities.map((a, i) => hit(a, 'clause', r.activityLocs[i])).find(Boolean);
        if (found) return found;
      }
    } else if (role === 'threats') {
      for (const t of index.modelFile('threats')?.entries ?? []) {
        const found = hit(t.id, 'threat', t.loc);
        if (found) return found;
      }
    } else if (role === 'activities') {
      for (const a of index.modelFile('activities')?.entries ?? []) {
        const found = hit(a.id, 'clause', a.loc);
        if (found) return found;
      }
    }
    return undefined;
  }

  hover(doc: TextDocument, pos: Position): Hover | undefined {
    const hit = this.idAt(doc, pos);
    if (!hit) return undefined;
    const graph = hit.trace.index.graph();
    let value: string | undefined;
    if (hit.kind === 'requirement') {
      const r = graph.requirements.find((x) => x.id === hit.id);
      value = r ? requirementMarkdown(r) : `**${hit.id}**: no such requirement in ${hit.trace.index.modelPath('requirements')}`;
    } else if (hit.kind === 'threat') {
      const t = graph.threats.find((x) => x.id === hit.id);
      value = t ? threatMarkdown(t) : `**${hit.id}**: no such threat in ${hit.trace.index.modelPath('threats')}`;
    } else {
      const a = graph.activities.find((x) => x.id === hit.id);
      value = a ? `**IEC 81001-5-1 ${escapeMarkdown(a.id)}** · ${escapeMarkdown(a.title)}\n\n*Evidence:* ${escapeMarkdown(a.evidence)} · *status:* ${a.status} (${escapeMarkdown(a.detail)})` : `**${escapeMarkdown(hit.id)}**: not an IEC 81001-5-1 activity in the catalog`;
    }
    return { contents: { kind: MarkupKind.Markdown, value }, range: hit.range };
  }

  // ---- completion ----

  completion(params: CompletionParams): CompletionItem[] {
    const doc = this.documents.get(params.textDocument.uri);
    if (!doc || !isValidPosition(doc, params.position)) return [];
    const at = this.locate(doc.uri);
    if (!at) return [];
    const before = lineText(doc, params.position.line).slice(0, params.position.character);
    let want: IdKind | undefined;
    let listed: string[] = [];
    const tag = /@(implements|verifies|mitigates)[ \t]+((?:[A-Za-z0-9_.-]+[ \t]*,[ \t]*)*)([A-Za-z0-9_.-]*)$/.exec(before);
    if (isSourceDocument(doc)) {
      if (!tag) return [];
      want = tag[1] === 'mitigates' ? 'threat' : 'requirement';
      listed = tag[2].split(/[\s,]+/);
    } else {
      const role = at.trace.index.modelRole(at.rel);
      if (role !== 'requirements') return [];
      const field = yamlListField(doc, params.position.line, before);
      listed = (/\[([^\]]*)$/.exec(before)?.[1] ?? '').split(/[\s,"']+/);
      if (field === 'mitigates') want = 'threat';
      else if (field === 'activities') want = 'clause';
      else return [];
    }
    const partial = /[A-Za-z0-9_.-]*$/.exec(before)![0];
    const range: Range = { start: { line: params.position.line, character: params.position.character - partial.length }, end: params.position };
    const graph = at.trace.index.graph();
    const item = (id: string, title: string, sortText: string, documentation?: string): CompletionItem => ({
      label: id,
      kind: CompletionItemKind.Reference,
      detail: title,
      documentation: documentation ? { kind: MarkupKind.Markdown, value: documentation } : undefined,
      sortText,
      filterText: id,
      textEdit: TextEdit.replace(range, id),
    });
    const order = (id: string) => id.replace(/\d+/g, (d) => d.padStart(8, '0'));
    if (want === 'requirement') return graph.requirements.filter((r) => !listed.includes(r.id) && r.status !== 'obsolete').map((r) => item(r.id, r.title, order(r.id), requirementMarkdown(r)));
    if (want === 'threat') return graph.threats.filter((t) => !listed.includes(t.id)).map((t) => item(t.id, t.title, order(t.id), threatMarkdown(t)));
    return graph.activities.map((a) => item(a.id, a.title, order(a.id)));
  }

  // ---- navigation ----

  private locationOf(trace: FolderTrace, ref: { file: string; range: Range }): Location {
    return Location.create(this.uriOf(trace, ref.file), ref.range);
  }

  definition(params: DefinitionParams): Location[] {
    const doc = this.documents.get(params.textDocument.uri);
    const hit = doc && this.idAt(doc, params.position);
    if (!hit) return [];
    const def = this.declaration(hit.trace, hit.id, hit.kind);
    return def ? [this.locationOf(hit.trace, def)] : [];
  }

  private declaration(trace: FolderTrace, id: string, kind: IdKind): Loc | undefined {
    const graph = trace.index.graph();
    if (kind === 'requirement') return graph.requirements.find((r) => r.id === id)?.location;
    if (kind === 'threat') return graph.threats.find((t) => t.id === id)?.location;
    return undefined;
  }

  /** Every place an id is written: its entry, tags in code and tests, `mitigates:` lists. */
  private occurrences(trace: FolderTrace, id: string, kind: IdKind, includeDeclaration: boolean): { file: string; range: Range }[] {
    const out: { file: string; range: Range }[] = [];
    const { index } = trace;
    if (includeDeclaration) {
      const def = this.declaration(trace, id, kind);
      if (def) out.push(def);
    }
    if (kind === 'threat') {
      for (const r of index.modelFile('requirements')?.entries ?? []) r.mitigates.forEach((t, i) => t === id && r.mitigatesLocs[i] && out.push(r.mitigatesLocs[i]));
    }
    if (kind === 'clause') {
      for (const r of index.modelFile('requirements')?.entries ?? []) r.activities.forEach((a, i) => a === id && r.activityLocs[i] && out.push(r.activityLocs[i]));
    }
    for (const file of index.taggedFiles()) for (const t of index.tagsOf(file)) if (t.id === id) out.push(t);
    return out;
  }

  references(params: ReferenceParams): Location[] {
    const doc = this.documents.get(params.textDocument.uri);
    const hit = doc && this.idAt(doc, params.position);
    if (!hit) return [];
    return this.occurrences(hit.trace, hit.id, hit.kind, params.context?.includeDeclaration ?? true).map((o) => this.locationOf(hit.trace, o));
  }

  prepareRename(params: PrepareRenameParams): { range: Range; placeholder: string } | null {
    const doc = this.documents.get(params.textDocument.uri);
    const hit = doc && this.idAt(doc, params.position);
    if (!hit || hit.kind === 'clause' || !this.declaration(hit.trace, hit.id, hit.kind)) return null;
    return { range: hit.range, placeholder: hit.id };
  }

  rename(params: RenameParams): WorkspaceEdit | null {
    const doc = this.documents.get(params.textDocument.uri);
    const hit = doc && this.idAt(doc, params.position);
    if (!hit || hit.kind === 'clause' || !this.declaration(hit.trace, hit.id, hit.kind)) return null;
    const newName = params.newName.trim();
    const patterns = modelPatterns(hit.trace.config.trace.requirementIdPattern, hit.trace.config.trace.threatIdPattern);
    const pattern = hit.kind === 'requirement' ? patterns.requirementId : patterns.threatId;
    if (!pattern.test(newName)) throw new ResponseError(ErrorCodes.InvalidParams, `${newName} does not match the ${hit.kind} id pattern ${pattern.source}`);
    const graph = hit.trace.index.graph();
    if (newName !== hit.id && (graph.requirements.some((r) => r.id === newName) || graph.threats.some((t) => t.id === newName))) {
      throw new ResponseError(ErrorCodes.InvalidParams, `${newName} is already in use`);
    }
    const perUri = new Map<string, TextEdit[]>();
    for (const o of this.occurrences(hit.trace, hit.id, hit.kind, true)) {
      const uri = this.uriOf(hit.trace, o.file);
      const edits = perUri.get(uri) ?? [];
      if (!edits.some((e) => e.range.start.line === o.range.start.line && e.range.start.character === o.range.start.character)) edits.push(TextEdit.replace(o.range, newName));
      perUri.set(uri, edits);
    }
    return {
      documentChanges: [...perUri].map(([uri, edits]) => TextDocumentEdit.create({ uri, version: this.documents.get(uri)?.version ?? null }, edits)),
    };
  }

  // ---- code lenses and symbols ----

  codeLenses(params: CodeLensParams): CodeLens[] {
    const doc = this.documents.get(params.textDocument.uri);
    const at = doc && this.locate(doc.uri);
    if (!doc || !at) return [];
    const role = at.trace.index.modelRole(at.rel);
    const graph = at.trace.index.graph();
    const lens = (range: Range, title: string, refs: TraceRef[]): CodeLens => ({
      range,
      command: refs.length
        ? { title, command: SHOW_REFERENCES_COMMAND, arguments: [doc.uri, range.start, refs.map((r) => this.locationOf(at.trace, r))] }
        : { title, command: '' },
    });
    if (role === 'requirements') {
      return graph.requirements.map((r) =>
        lens(r.location.range, `${plural(r.implementations.length, 'implementation')} · ${plural(r.verifications.length, 'test')} · ${plural(r.openFindings, 'open finding')}`, [
          ...r.implementations,
          ...r.verifications,
        ]),
      );
    }
    if (role === 'threats') {
      return graph.threats.map((t) => {
        const by = t.mitigatedBy.length ? `mitigated by ${t.mitigatedBy.join(', ')}` : t.accepted ? 'residual risk accepted' : 'not mitigated';
        return lens(t.location.range, t.mitigatedIn.length ? `${by} · ${plural(t.mitigatedIn.length, '@mitigates tag')}` : by, t.mitigatedIn);
      });
    }
    return [];
  }

  workspaceSymbols(params: WorkspaceSymbolParams): SymbolInformation[] {
    const out: SymbolInformation[] = [];
    for (const trace of this.traces.values()) {
      const graph: TraceGraph = trace.index.graph();
      for (const r of graph.requirements) {
        const name = `${r.id} ${r.title}`;
        if (fuzzy(params.query, name)) out.push(SymbolInformation.create(name, SymbolKind.Interface, r.location.range, this.uriOf(trace, r.location.file), 'security requirement'));
      }
      for (const t of graph.threats) {
        const name = `${t.id} ${t.title}`;
        if (fuzzy(params.query, name)) out.push(SymbolInformation.create(name, SymbolKind.Event, t.location.range, this.uriOf(trace, t.location.file), 'threat'));
      }
    }
    return out;
  }
}

function gapDiagnostic(gap: Gap): Diagnostic {
  return { range: gap.range, severity: GAP_SEVERITY[gap.kind] ?? DiagnosticSeverity.Warning, code: gap.kind, source: SOURCE, message: gap.message, data: { gap: gap.kind, id: gap.id } };
}

export function requirementMarkdown(r: RequirementNode): string {
  const md = escapeMarkdown;
  const lines = [`**${md(r.id)}** · ${md(r.title)}`, ''];
  lines.push(`*Status:* ${md(r.status ?? 'not set')} · *verification:* ${md(r.verificationMethod)}`, '');
  lines.push(`${plural(r.implementations.length, 'implementation')} · ${plural(r.verifications.length, 'test')} · ${plural(r.openFindings, 'open finding')}`, '');
  if (r.text) lines.push(md(r.text, true), '');
  const facts = [
    r.activities.length ? `**IEC 81001-5-1:** ${clauses(r.activities)}` : undefined,
    r.fr.length ? `**IEC 62443-4-2:** ${md(r.fr.join(', '))}` : undefined,
    r.cwe.length ? `**CWE:** ${cweLinks(r.cwe)}` : undefined,
    r.mitigates.length ? `**Mitigates:** ${md(r.mitigates.join(', '))}` : undefined,
  ].filter(Boolean);
  lines.push(facts.join('  \n'));
  return lines.join('\n').trim();
}

export function threatMarkdown(t: ThreatNode): string {
  const md = escapeMarkdown;
  const lines = [`**${md(t.id)}** · ${md(t.title)}`, ''];
  const facts = [t.stride.length ? `*STRIDE:* ${md(t.stride.join(', '))}` : undefined, t.risk ? `*risk:* ${md(t.risk)}` : undefined, t.likelihood ? `*likelihood:* ${md(t.likelihood)}` : undefined].filter(Boolean);
  if (facts.length) lines.push(facts.join(' · '), '');
  if (t.impact) lines.push(md(t.impact, true), '');
  if (t.mitigatedBy.length) lines.push(`**Mitigated by:** ${md(t.mitigatedBy.join(', '))}`);
  else if (t.accepted) lines.push(`**Residual risk accepted**${t.acceptance ? ` by ${md(t.acceptance.approver)} on ${md(t.acceptance.date)}: ${md(t.acceptance.rationale)}` : ''}`);
  else lines.push('**Not mitigated** by any requirement');
  if (t.mitigatedIn.length) lines.push('', `${plural(t.mitigatedIn.length, '@mitigates tag')} in code`);
  return lines.join('\n').trim();
}

/**
 * The list field of a requirement the cursor is in: `mitigates: [TH-1, TH-|` on one line, or a block
 * item `- TH-|` under `mitigates:`.
 */
function yamlListField(doc: TextDocument, line: number, before: string): string | undefined {
  const inline = /^\s*(?:-\s+)?([A-Za-z]+):\s*(?:\[\s*)?(?:[A-Za-z0-9_".'-]+\s*,\s*)*["']?[A-Za-z0-9_.-]*$/.exec(before);
  if (inline) return inline[1];
  const item = /^(\s*)-\s+["']?[A-Za-z0-9_.-]*$/.exec(before);
  if (!item) return undefined;
  const indent = item[1].length;
  for (let l = line - 1; l >= 0; l--) {
    const text = lineText(doc, l);
    if (!text.trim() || /^\s*#/.test(text)) continue;
    const lead = /^\s*/.exec(text)![0].length;
    if (/^\s*-\s/.test(text) && lead === indent) continue; // a sibling item
    const key = /^\s*(?:-\s+)?([A-Za-z]+):\s*$/.exec(text);
    return key && lead <= indent ? key[1] : undefined;
  }
  return undefined;
}
