// Findings as diagnostics.
//
// Push, not pull. The server decides when a file's findings change: an edit, but also a new
// sbd.config.json, a rule pack, a requirements file or the background scan of files nobody opened.
// With `textDocument/publishDiagnostics` every client (VS Code, Neovim, Helix, Emacs through
// `sbd lsp --stdio`) shows closed files' findings in its problem list as soon as the scan reaches
// them; pull diagnostics would need `workspace/diagnostic` support, which several of those clients lack,
// and a refresh round-trip for every change the server notices on its own.
//
// Per open document: analysis is debounced (DEBOUNCE_MS after the last keystroke), each run is
// cancelled by the next change, and a result is published only if the document still has the version
// it was computed for (the newest version wins). Suppressed findings are not published: a justified
// sbd-ignore is recorded evidence, not a problem to act on; reports and the trace panel list them.
import { performance } from 'node:perf_hooks';
import {
  CancellationTokenSource,
  Connection,
  Diagnostic,
  DiagnosticSeverity,
  TextDocuments,
  WorkDoneProgressServerReporter,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeSource } from '../core/analysis/engine';
import { createTypeAwareProgram, TypeAwareProgram } from '../core/analysis/type-aware';
import { Finding, Severity } from '../core/types';
import { lineStartsOf } from '../core/workspace/apply-fixes';
import { contentSkipReason, matchesAny, sourceFileSteps } from '../core/workspace/files';
import { runInSlices } from '../core/workspace/steps';
import { scanFile } from '../core/workspace/scan';
import { ScanWorkspaceResult } from '../shared/protocol';
import { DiagnosticsHub } from './hub';
import { ResourceSettings, Settings } from './settings';
import { SyntaxTrees } from './syntax-trees';
import { Folder, uriKey, uriToPath, Workspace } from './workspace';

export const DEBOUNCE_MS = 150;
/**
 * How often the workspace scan reports progress. Once per file it sent ~3,000 notifications a second on
 * the bench's 20,000-file workspace, each a write on the server's thread and a message the editor handles.
 */
const PROGRESS_INTERVAL_MS = 100;
export const SOURCE = 'sbd';

/** What a diagnostic carries for code actions (the finding is looked up again by fingerprint). */
export interface FindingData {
  ruleId: string;
  fingerprint: string;
}

export interface FileFindings {
  uri: string;
  /** Workspace-relative path and root of the file, as the engine saw them. */
  rel: string;
  root?: string;
  /** Document version analysed; undefined for a file read from disk. */
  version?: number;
  findings: Finding[];
  syntaxErrors: number;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function cweHref(cwe: number): string {
  return `https://cwe.mitre.org/data/definitions/${cwe}.html`;
}

/**
 * Engine positions follow TypeScript's line breaks (also U+2028/U+2029); LSP's do not. Returns the
 * findings with ranges and fix edits in LSP positions (the same objects when the two agree).
 */
export function toLspFindings(text: string, findings: Finding[]): Finding[] {
  if (!/[\u2028\u2029]/.test(text)) return findings;
  const tsStarts = lineStartsOf(text);
  const doc = TextDocument.create('file:///x', 'typescript', 0, text);
  const offset = (p: Finding['range']['start']) => Math.min(text.length, (tsStarts[p.line] ?? text.length) + p.character);
  const range = (r: Finding['range']) => ({ start: doc.positionAt(offset(r.start)), end: doc.positionAt(offset(r.end)) });
  return findings.map((f) => ({
    ...f,
    range: range(f.range),
    fixes: f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => ({ ...e, range: range(e.range) })) })),
  }));
}

export function toDiagnostic(f: Finding): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.ruleId,
    source: SOURCE,
    message: f.confidence === 'low' ? `${f.message} (low confidence)` : f.message,
    data: { ruleId: f.ruleId, fingerprint: f.fingerprint } satisfies FindingData,
  };
  if (f.cwe.length) d.codeDescription = { href: cweHref(f.cwe[0]) };
  return d;
}

export function isFindingData(value: unknown): value is FindingData {
  return !!value && typeof value === 'object' && typeof (value as FindingData).fingerprint === 'string' && typeof (value as FindingData).ruleId === 'string';
}

export interface AnalyzerEvents {
  /** A file's findings changed (open or closed file), or were removed (`findings` undefined). */
  findingsChanged(uri: string, entry: FileFindings | undefined): void;
  scanning(active: boolean): void;
  log(message: string): void;
}

const SOURCE_EXTENSIONS = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;

export function isSourceDocument(doc: { uri: string; languageId: string }): boolean {
  return ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'].includes(doc.languageId) || SOURCE_EXTENSIONS.test(doc.uri);
}

export class Analyzer {
  /** Pending analyses; `version` is the edit a debounced one is for. */
  private readonly timers = new Map<string, { timer: NodeJS.Timeout; version?: number }>();
  private readonly runs = new Map<string, CancellationTokenSource>();
  private readonly results = new Map<string, FileFindings>();
  /** Unsuppressed findings over `results`, kept as entries change: the status bar asks for it every 50 ms during a scan. */
  private openFindings = 0;
  private scan?: CancellationTokenSource;
  /**
   * Type-aware mode: one program per folder, built by the workspace scan. The engine uses it for a file
   * whose text is what the program read; an edited file is analysed on its own until the next scan.
   */
  private readonly programs = new Map<string, TypeAwareProgram>();
  /** Each open document's last syntax tree: the next analysis reparses only what the edit changed. */
  private readonly trees = new SyntaxTrees();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly workspace: Workspace,
    private readonly settings: Settings,
    private readonly hub: DiagnosticsHub,
    private readonly events: AnalyzerEvents,
  ) {}

  /** Every file's latest findings (open documents and scanned files). */
  all(): Iterable<FileFindings> {
    return this.results.values();
  }

  get(uri: string): FileFindings | undefined {
    return this.results.get(uriKey(uri));
  }

  opened(doc: TextDocument): void {
    this.schedule(doc.uri, 0);
  }

  changed(doc: TextDocument): void {
    this.schedule(doc.uri, DEBOUNCE_MS, doc.version);
  }

  /** A closed document falls back to its saved content, like any file of the workspace scan. */
  closed(uri: string): void {
    this.cancel(uri);
    this.trees.delete(uriKey(uri));
    this.settings.forget(uri);
    void this.refreshFromDisk(uri);
  }

  /** Findings for the document's current version, analysing now if the last run is older. */
  async current(doc: TextDocument): Promise<FileFindings | undefined> {
    const known = this.results.get(uriKey(doc.uri));
    if (known && known.version === doc.version) return known;
    const entry = await this.analyseDocument(doc);
    if (entry?.version !== undefined && this.documents.get(doc.uri)?.version === entry.version) {
      this.accept(doc.uri, entry);
      this.dropDebounced(doc.uri, entry.version);
    }
    return entry;
  }

  /** Re-analyses every open document (settings or rules changed). */
  refreshOpen(): void {
    for (const doc of this.documents.all()) if (isSourceDocument(doc)) this.schedule(doc.uri, 0);
  }

  private schedule(uri: string, delay: number, version?: number): void {
    this.cancel(uri);
    const timer = setTimeout(() => {
      this.timers.delete(uri);
      void this.validate(uri);
    }, delay);
    this.timers.set(uri, { timer, version });
  }

  /**
   * A request (hover, code actions) analysed the version an edit's debounced analysis is waiting for: that
   * run would only analyse the same text again, on the thread the next keystroke's answer waits for. Runs
   * scheduled for another reason (open, settings changed) stay.
   */
  private dropDebounced(uri: string, version: number): void {
    const pending = this.timers.get(uri);
    if (pending?.version !== version) return;
    clearTimeout(pending.timer);
    this.timers.delete(uri);
  }

  private cancel(uri: string): void {
    const pending = this.timers.get(uri);
    if (pending) clearTimeout(pending.timer);
    this.timers.delete(uri);
    this.runs.get(uri)?.cancel();
    this.runs.delete(uri);
  }

  private async validate(uri: string): Promise<void> {
    const doc = this.documents.get(uri);
    if (!doc || !isSourceDocument(doc)) return;
    const run = new CancellationTokenSource();
    this.runs.get(uri)?.cancel();
    this.runs.set(uri, run);
    try {
      const entry = await this.analyseDocument(doc);
      // A newer edit or a close arrived while settings were fetched or the file was analysed.
      if (run.token.isCancellationRequested || !entry || this.documents.get(uri)?.version !== entry.version) return;
      this.accept(uri, entry);
    } catch (e) {
      this.events.log(`analysis of ${uri} failed: ${(e as Error).stack ?? e}`);
    } finally {
      if (this.runs.get(uri) === run) this.runs.delete(uri);
      run.dispose();
    }
  }

  private async analyseDocument(doc: TextDocument): Promise<FileFindings | undefined> {
    const version = doc.version;
    const text = doc.getText();
    const settings = await this.settings.forResource(doc.uri);
    const { rel, root } = this.workspace.locate(doc.uri, doc.languageId);
    const entry: FileFindings = { uri: doc.uri, rel, root, version, findings: [], syntaxErrors: 0 };
    const skip = this.skipReason(settings, rel, text, doc.uri);
    if (skip) {
      this.events.log(`${rel}: not analysed (${skip})`);
      return entry;
    }
    const program = settings.config.typeAware && root ? this.programs.get(root) : undefined;
    const reparse = this.trees.take(uriKey(doc.uri));
    const analysis = analyzeSource({ relPath: rel, text }, settings.ctx, { typeAware: program, previous: reparse.previous, lastVersion: reparse.last, editing: !program });
    if (analysis.sourceFile && !program) this.trees.keep(uriKey(doc.uri), analysis.sourceFile, reparse);
    if (analysis.skipped) this.events.log(`${rel}: not analysed (${analysis.skipped})`);
    entry.findings = toLspFindings(text, analysis.findings);
    entry.syntaxErrors = analysis.syntaxErrors;
    return entry;
  }

  private skipReason(settings: ResourceSettings, rel: string, text: string, uri: string): string | undefined {
    if (this.workspace.folderOf(uri)) {
      if (!matchesAny(rel, settings.config.include) || matchesAny(rel, settings.config.exclude)) return 'excluded by the include/exclude settings';
    } else {
      // A file outside the workspace (a library opened through "Go to Definition"): only the excludes
      // apply, matched against its full path, so node_modules and .d.ts files stay quiet.
      const file = uriToPath(uri);
      if (file && matchesAny(file.split(/[\\/]/).join('/'), settings.config.exclude)) return 'excluded by the exclude setting';
    }
    return contentSkipReason(Buffer.from(text, 'utf8'), settings.config.maxFileSizeKb * 1024);
  }

  private accept(uri: string, entry: FileFindings): void {
    const key = uriKey(uri);
    this.openFindings += openCount(entry) - openCount(this.results.get(key));
    this.results.set(key, entry);
    this.hub.set(uri, 'analysis', entry.findings.filter((f) => !f.suppression).map(toDiagnostic));
    this.events.findingsChanged(uri, entry);
  }

  private remove(uri: string): void {
    const key = uriKey(uri);
    this.openFindings -= openCount(this.results.get(key));
    this.results.delete(key);
    this.hub.set(uri, 'analysis', []);
    this.events.findingsChanged(uri, undefined);
  }

  /** A file changed, was created or deleted on disk; open documents are the editor's business. */
  async refreshFromDisk(uri: string): Promise<void> {
    if (this.documents.get(uri)) return;
    const file = uriToPath(uri);
    const located = this.workspace.locate(uri);
    if (!file || !located.folder || !SOURCE_EXTENSIONS.test(file)) {
      this.remove(uri);
      return;
    }
    const settings = await this.settings.forResource(located.folder.uri);
    const { rel, root } = located;
    if (this.documents.get(uri)) return;
    if (!matchesAny(rel, settings.config.include) || matchesAny(rel, settings.config.exclude)) {
      this.remove(uri);
      return;
    }
    const program = settings.config.typeAware ? this.programs.get(root!) : undefined;
    const scanned = scanFile(root!, rel, settings.ctx, settings.config.maxFileSizeKb * 1024, { typeAware: program });
    if ('skipped' in scanned) {
      this.remove(uri);
      return;
    }
    this.accept(uri, { uri, rel, root, findings: toLspFindings(scanned.text, scanned.findings), syntaxErrors: scanned.syntaxErrors });
  }

  /**
   * Scans the workspace folders in the background, one file per turn of the event loop so requests
   * keep being answered, with work-done progress the user can cancel. A newer scan cancels an older one.
   */
  async scanWorkspace(only?: Folder): Promise<ScanWorkspaceResult> {
    this.scan?.cancel();
    const mine = new CancellationTokenSource();
    this.scan = mine;
    const progress = await createProgress(this.connection);
    const cancelled = () => mine.token.isCancellationRequested || progress.token.isCancellationRequested;
    let filesScanned = 0;
    let reportedAt = -Infinity;
    this.events.scanning(true);
    try {
      progress.begin('Secure by Design', 0, 'Scanning the workspace…', true);
      const folders = only ? [only] : [...this.workspace.folders];
      const seen = new Set<string>();
      for (const folder of folders) {
        if (cancelled()) break;
        const settings = await this.settings.forResource(folder.uri);
        const listing = await runInSlices(sourceFileSteps(folder.root, settings.config));
        if (cancelled()) break;
        // Unreadable folders and .gitignore files are named like unreadable files (bad-input table).
        for (const s of listing.skipped) this.events.log(`${s.file}: not analysed (${s.reason})`);
        const maxBytes = settings.config.maxFileSizeKb * 1024;
        this.programs.delete(folder.root);
        if (settings.config.typeAware) {
          progress.report(0, `${folder.name}: building the TypeScript program (type-aware mode)…`);
          await new Promise<void>((resolve) => setImmediate(resolve));
          this.programs.set(folder.root, createTypeAwareProgram(folder.root, listing.files));
        }
        const program = this.programs.get(folder.root);
        for (let i = 0; i < listing.files.length; i++) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          if (cancelled()) break;
          const rel = listing.files[i];
          const uri = this.workspace.uriOf(folder.root, rel);
          seen.add(uriKey(uri));
          if (performance.now() - reportedAt >= PROGRESS_INTERVAL_MS) {
            reportedAt = performance.now();
            progress.report(Math.floor((100 * i) / Math.max(1, listing.files.length)), `${folder.name}: ${rel}`);
          }
          if (this.documents.get(uri)) continue; // the open document's own analysis is newer
          const scanned = scanFile(folder.root, rel, settings.ctx, maxBytes, { typeAware: program });
          if ('skipped' in scanned) {
            this.events.log(`${rel}: not analysed (${scanned.skipped})`);
            this.remove(uri);
            continue;
          }
          filesScanned++;
          this.accept(uri, { uri, rel, root: folder.root, findings: toLspFindings(scanned.text, scanned.findings), syntaxErrors: scanned.syntaxErrors });
        }
      }
      const complete = !cancelled();
      if (complete) {
        // Files that left the workspace (deleted, now excluded) lose their findings.
        const scannedRoots = new Set(folders.map((f) => f.root));
        for (const entry of [...this.results.values()]) {
          const key = uriKey(entry.uri);
          if (entry.version === undefined && entry.root && scannedRoots.has(entry.root) && !seen.has(key)) this.remove(entry.uri);
        }
      }
      return { filesScanned, openFindings: this.openFindingCount(), cancelled: !complete };
    } finally {
      progress.done();
      if (this.scan === mine) {
        this.scan = undefined;
        this.events.scanning(false);
      }
      mine.dispose();
    }
  }

  cancelScan(): void {
    this.scan?.cancel();
  }

  openFindingCount(): number {
    return this.openFindings;
  }
}

function openCount(entry: FileFindings | undefined): number {
  let n = 0;
  for (const f of entry?.findings ?? []) if (!f.suppression) n++;
  return n;
}

/** Work-done progress if the client supports it (and accepts the token), else a silent reporter. */
async function createProgress(connection: Connection): Promise<WorkDoneProgressServerReporter> {
  try {
    return await connection.window.createWorkDoneProgress();
  } catch {
    const token = new CancellationTokenSource().token;
    return { token, begin: () => undefined, report: () => undefined, done: () => undefined };
  }
}
