// The Secure by Design language server: wires the LSP connection to the engine (src/core). Runs the
// same in VS Code (dist/server.js over IPC), in other editors (`sbd lsp --stdio`) and in the protocol
// tests (dist/server.js --stdio).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import {
  ClientCapabilities,
  CodeAction,
  CodeActionKind,
  Connection,
  Diagnostic,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  Hover,
  InitializeParams,
  InitializeResult,
  ResponseError,
  ErrorCodes,
  LSPErrorCodes,
  MessageType,
  ShowMessageNotification,
  TextDocuments,
  TextDocumentSyncKind,
  TextEdit,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Finding, InputProblem } from '../core/types';
import { CONFIG_FILE } from '../core/workspace/config';
import {
  InitializationOptions,
  ListRulesRequest,
  NewRequirementRequest,
  NewRequirementResult,
  RuleHelpRequest,
  ScanWorkspaceRequest,
  SETTINGS_SECTION,
  StatusNotification,
  StatusParams,
  TraceChangedNotification,
  TraceGraphRequest,
} from '../shared/protocol';
import { CodeActionBuilder, FileEdit, FIX_ALL_KIND, RequirementCandidate } from './code-actions';
import { Analyzer, isSourceDocument, SOURCE } from './diagnostics';
import { DiagnosticsHub } from './hub';
import { registerPanelRequests } from './panel';
import { insertRequirement, NewRequirement } from './requirements-file';
import { findingMarkdown, ruleMarkdown, ruleSummary } from './rule-help';
import { ResourceSettings, Settings } from './settings';
import { containsPosition, isValidPosition } from './text';
import { TraceFeatures } from './trace-features';
import { Folder, pathToUri, uriKey, Workspace } from './workspace';

const STATUS_DELAY_MS = 50;
const SOURCE_FILE = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/i;

/** A problem in sbd.config.json or a rule pack, from its position to the end of that line. */
function inputProblemDiagnostic(root: string, p: InputProblem): Diagnostic {
  const line = Math.max(0, p.line - 1);
  const start = Math.max(0, p.column - 1);
  let lineLength = start;
  try {
    lineLength = fs.readFileSync(path.join(root, p.file), 'utf8').split(/\r?\n/)[line]?.length ?? start;
  } catch {
    // unreadable: the message says so; the range stays empty
  }
  return { range: { start: { line, character: start }, end: { line, character: Math.max(start, lineLength) } }, severity: DiagnosticSeverity.Error, source: SOURCE, message: p.message };
}

/**
 * How much V8 lets the heap grow past the live data before its next full collection, in percent. By default
 * up to 300 % when the heap limit is large: the server's live heap is ~55 MB on a 20,000-file workspace, yet
 * a few hundred analyses of a large open file (~10 MB of garbage each) took the process to 380–500 MB RSS.
 * At 30 % the whole bench/server.ts session peaks near 210 MB instead of ~400; the price is more full
 * collections: edits of the 3,000-line file there answered 5–10 ms later at the median (about 40 ms).
 * Set at run time rather than as a command-line flag: it applies however the server is started (VS Code,
 * `sbd lsp --stdio`), it is read at every collection, and a V8 that no longer knows it ignores it instead
 * of refusing to start. Unlike --max-old-space-size it is no ceiling: type-aware mode may still need a GB.
 */
export const HEAP_GROWING_PERCENT = 30;

export function startServer(connection: Connection): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace();
  const log = (message: string) => connection.console.log(message);
  let capabilities: ClientCapabilities = {};
  let trusted = true;
  let settings!: Settings;
  let analyzer!: Analyzer;
  let trace!: TraceFeatures;
  let actions!: CodeActionBuilder;
  const hub = new DiagnosticsHub(connection, (uri) => documents.get(uri)?.version);
  const inputProblemUris = new Map<string, Set<string>>();
  let scanning = false;
  let statusTimer: NodeJS.Timeout | undefined;
  let lastStatus = '';

  const sendStatus = () => {
    if (statusTimer) return;
    statusTimer = setTimeout(() => {
      statusTimer = undefined;
      const status: StatusParams = { openFindings: analyzer.openFindingCount(), traceGaps: trace.gapCount(), restricted: !trusted, scanning };
      const text = JSON.stringify(status);
      if (text === lastStatus) return;
      lastStatus = text;
      void connection.sendNotification(StatusNotification, status);
    }, STATUS_DELAY_MS);
  };

  const reportInputProblems = (root: string, problems: InputProblem[]) => {
    const byUri = new Map<string, InputProblem[]>();
    for (const p of problems) {
      const uri = pathToUri(path.join(root, p.file));
      byUri.set(uri, [...(byUri.get(uri) ?? []), p]);
    }
    for (const uri of inputProblemUris.get(root) ?? []) if (!byUri.has(uri)) hub.set(uri, 'input', []);
    for (const [uri, list] of byUri) {
      hub.set(
        uri,
        'input',
        list.map((p) => inputProblemDiagnostic(root, p)),
      );
    }
    inputProblemUris.set(root, new Set(byUri.keys()));
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    capabilities = params.capabilities;
    trusted = (params.initializationOptions as InitializationOptions | undefined)?.trusted !== false;
    if (params.workspaceFolders?.length) workspace.setFolders(params.workspaceFolders);
    else if (params.rootUri) workspace.setFolders([{ uri: params.rootUri, name: path.basename(params.rootUri) }]);
    settings = new Settings(connection, workspace, { trusted, pullConfiguration: !!capabilities.workspace?.configuration }, {
      inputProblems: reportInputProblems,
      // A notification, not window/showMessageRequest: nothing to choose, nothing to wait for.
      settingsProblem: (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }),
      log,
    });
    analyzer = new Analyzer(connection, documents, workspace, settings, hub, {
      findingsChanged: (uri, entry) => {
        trace.findingsChanged(uri, entry);
        sendStatus();
      },
      scanning: (active) => {
        scanning = active;
        trace.scanningChanged(active);
        sendStatus();
      },
      log,
    });
    const traceChanged = () => {
      sendStatus();
      void connection.sendNotification(TraceChangedNotification);
    };
    trace = new TraceFeatures(documents, workspace, settings, hub, analyzer, {
      changed: traceChanged,
      problem: (message) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message }),
      log,
    });
    actions = new CodeActionBuilder(capabilities);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', ',', '-'] },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        codeLensProvider: { resolveProvider: false },
        workspaceSymbolProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'Secure by Design' },
    };
  });

  connection.onInitialized(() => {
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    }
    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}' },
          { globPattern: '**/*.{yaml,yml}' },
          { globPattern: `**/${CONFIG_FILE}` },
          // Package files and the disclosure policy feed the SOUP check and activity coverage.
          { globPattern: '**/{package.json,package-lock.json,npm-shrinkwrap.json}' },
          { globPattern: '**/{SECURITY.md,SECURITY.txt,security.txt}' },
        ],
      });
    }
    if (capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) workspace.remove(f);
        for (const f of e.added) workspace.add(f);
        void rescan();
      });
    }
    void rescan();
  });

  const rescan = async () => {
    try {
      await trace.rebuild();
      await analyzer.scanWorkspace();
    } catch (e) {
      log(`workspace scan failed: ${(e as Error).stack ?? e}`);
    }
    sendStatus();
  };

  const settingsChanged = (files: boolean, pushed?: unknown) => {
    settings.clear({ files, pushed });
    analyzer.refreshOpen();
    void rescan();
  };

  connection.onDidChangeConfiguration((params) => {
    // Clients that cannot answer workspace/configuration push the section here instead.
    const pushed = (params?.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
    settingsChanged(false, pushed ?? undefined);
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    let configChanged = false;
    for (const change of changes) {
      const name = path.basename(change.uri);
      if (name === CONFIG_FILE || /\/security\/rules\/[^/]+\.ya?ml$/.test(change.uri)) {
        configChanged = true;
      } else if (SOURCE_FILE.test(name)) {
        void analyzer.refreshFromDisk(change.uri);
        trace.sourceFileChanged(change.uri, change.type === FileChangeType.Deleted);
      } else {
        trace.modelFileChanged(change.uri, change.type === FileChangeType.Deleted);
      }
    }
    if (configChanged) settingsChanged(true);
  });

  const openedVersion = new Map<string, number>();
  documents.onDidOpen(({ document }) => {
    openedVersion.set(document.uri, document.version);
    if (isSourceDocument(document)) analyzer.opened(document);
    trace.documentChanged(document);
  });
  documents.onDidChangeContent(({ document }) => {
    // TextDocuments also reports an open as a change; the open handler has it.
    if (openedVersion.get(document.uri) === document.version) return;
    openedVersion.delete(document.uri);
    if (isSourceDocument(document)) analyzer.changed(document);
    trace.documentChanged(document);
  });
  documents.onDidClose(({ document }) => {
    openedVersion.delete(document.uri);
    if (isSourceDocument(document)) analyzer.closed(document.uri);
    trace.documentClosed(document);
  });

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !isSourceDocument(doc)) return [];
    const file = await analyzer.current(doc);
    if (!file) return [];
    const resource = await settings.forResource(doc.uri);
    await trace.ready;
    const requirements: RequirementCandidate[] = trace.requirementCandidates(doc.uri);
    return actions.build({ doc, file, params, requirements, createRequirement: (f) => requirementFromFinding(resource, f) }) as CodeAction[];
  });

  const requirementsTarget = (resource: ResourceSettings): { uri: string; text: string; version: number | null; exists: boolean } | undefined => {
    if (!resource.folder) return undefined;
    const file = path.join(resource.folder.root, resource.config.trace.requirements);
    const uri = pathToUri(file);
    const open = documents.all().find((d) => uriKey(d.uri) === file);
    if (open) return { uri: open.uri, text: open.getText(), version: open.version, exists: true };
    try {
      return { uri, text: fs.readFileSync(file, 'utf8'), version: null, exists: true };
    } catch {
      return { uri, text: '', version: null, exists: false };
    }
  };

  const requirementEdit = (resource: ResourceSettings, entry: NewRequirement): (FileEdit & { id: string; line: number }) | undefined => {
    const target = requirementsTarget(resource);
    if (!target) return undefined;
    const insertion = insertRequirement(target.text, 'requirements', entry, resource.config.trace.requirementIdPattern);
    if ('error' in insertion) {
      log(`${resource.config.trace.requirements}: cannot add a requirement: ${insertion.error}`);
      return undefined;
    }
    const doc = TextDocument.create(target.uri, 'yaml', 0, target.text);
    const range = { start: doc.positionAt(insertion.start), end: doc.positionAt(insertion.end) };
    const after = TextDocument.applyEdits(doc, [TextEdit.replace(range, insertion.text)]);
    const line = TextDocument.create(target.uri, 'yaml', 1, after).positionAt(insertion.idOffset).line;
    return { uri: target.uri, version: target.version, create: !target.exists, edits: [TextEdit.replace(range, insertion.text)], id: insertion.id, line };
  };

  const requirementFromFinding = (resource: ResourceSettings, f: Finding): FileEdit | undefined => {
    const rule = resource.ctx.rules.find((r) => r.spec.id === f.ruleId);
    const cwe = f.cwe.map((c) => `CWE-${c}`).join(', ');
    return requirementEdit(resource, {
      title: rule?.spec.title ?? f.title,
      text: `The software shall not contain ${(rule?.spec.title ?? f.title).replace(/^./, (c) => c.toLowerCase())}${cwe ? ` (${cwe})` : ''}; rule ${f.ruleId} reports none.`,
      activities: f.iec81001,
      fr: f.fr,
      cwe: f.cwe,
      verification: 'test',
      status: 'draft',
    });
  };

  connection.onHover(async (params): Promise<Hover | null> => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !isValidPosition(doc, params.position)) return null;
    await trace.ready;
    const traceHover = trace.hover(doc, params.position);
    if (traceHover) return traceHover;
    if (!isSourceDocument(doc)) return null;
    const file = await analyzer.current(doc);
    const here = file?.findings.filter((f) => containsPosition(f.range, params.position)) ?? [];
    if (here.length === 0) return null;
    const resource = await settings.forResource(doc.uri);
    const value = here.map((f) => findingMarkdown(f, resource.ctx.rules.find((r) => r.spec.id === f.ruleId))).join('\n\n---\n\n');
    return { contents: { kind: 'markdown', value }, range: here[0].range };
  });

  // Trace answers wait for the first index (built right after `initialized`), not for a fixed time.
  connection.onCompletion(async (params) => (await trace.ready, trace.completion(params)));
  connection.onDefinition(async (params) => (await trace.ready, trace.definition(params)));
  connection.onReferences(async (params) => (await trace.ready, trace.references(params)));
  connection.onPrepareRename(async (params) => (await trace.ready, trace.prepareRename(params)));
  connection.onRenameRequest(async (params) => (await trace.ready, trace.rename(params)));
  connection.onCodeLens(async (params) => (await trace.ready, trace.codeLenses(params)));
  connection.onWorkspaceSymbol(async (params) => (await trace.ready, trace.workspaceSymbols(params)));

  connection.onRequest(ScanWorkspaceRequest, async (params) => {
    const folder = params?.folderUri ? workspace.folderByUri(params.folderUri) : undefined;
    await trace.rebuild();
    return analyzer.scanWorkspace(folder);
  });

  const folderFor = (uri: string | undefined): Folder | undefined => (uri ? (workspace.folderOf(uri) ?? workspace.folderByUri(uri)) : workspace.folders[0]);

  connection.onRequest(ListRulesRequest, async (params) => {
    const resource = await settings.forFolder(folderFor(params?.uri));
    return resource.ctx.rules.map(ruleSummary).sort((a, b) => a.id.localeCompare(b.id));
  });

  connection.onRequest(RuleHelpRequest, async (params) => {
    const resource = await settings.forFolder(folderFor(params?.uri));
    const rule = resource.ctx.rules.find((r) => r.spec.id === params?.ruleId);
    return rule ? { id: rule.spec.id, title: rule.spec.title, markdown: ruleMarkdown(rule) } : null;
  });

  connection.onRequest(NewRequirementRequest, async (params): Promise<NewRequirementResult> => {
    const title = String(params?.title ?? '').trim();
    if (!title) throw new ResponseError(ErrorCodes.InvalidParams, 'A requirement needs a title.');
    const folder = workspace.folderByUri(params.folderUri);
    if (!folder) throw new ResponseError(ErrorCodes.InvalidRequest, 'Open a folder first: requirements live in its security/ folder.');
    const resource = await settings.forFolder(folder);
    // Every security requirement is evidence for 5.2.1 (security requirements written down).
    const edit = requirementEdit(resource, { title, text: 'The software shall …', activities: ['5.2.1'], fr: [], cwe: [], verification: 'test', status: 'draft' });
    if (!edit) throw new ResponseError(ErrorCodes.InvalidRequest, `${resource.config.trace.requirements} cannot be edited (see the Secure by Design output).`);
    const applied = await connection.workspace.applyEdit({ label: `New requirement ${edit.id}`, edit: actions.fileEdit(edit) });
    if (!applied.applied) throw new ResponseError(LSPErrorCodes.RequestFailed, `The editor did not apply the edit${applied.failureReason ? `: ${applied.failureReason}` : ''}.`);
    return { id: edit.id, uri: edit.uri, line: edit.line };
  });

  connection.onRequest(TraceGraphRequest, async (params) => {
    await trace.ready;
    return trace.graphFor(workspace.folderByUri(params?.folderUri));
  });

  // The engine parts exist only after `initialize`; the handlers look them up when a request comes.
  registerPanelRequests(connection, documents, workspace, () => ({ settings, analyzer, trace, actions }));

  connection.onShutdown(() => {
    analyzer?.cancelScan();
  });

  documents.listen(connection);
  connection.listen();
}
