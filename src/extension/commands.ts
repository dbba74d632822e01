// One factory per command, one registry. The ids and titles live in src/shared/commands.ts, which
// also generates package.json's `contributes.commands`; the Record type below makes a contributed
// command without a factory a compile error.
import * as vscode from 'vscode';
import { LanguageClient, Location as LspLocation, Position as LspPosition } from 'vscode-languageclient/node';
import { CommandName, COMMANDS, SHOW_REFERENCES_COMMAND } from '../shared/commands';
import {
  CreateStarterModelRequest,
  DEFAULT_EVIDENCE_DIR,
  ExportEvidenceReportRequest,
  ExportEvidenceReportResult,
  InsertTagRequest,
  ListRulesRequest,
  NewRequirementRequest,
  RuleHelpRequest,
  ScanWorkspaceRequest,
} from '../shared/protocol';
import { TraceMatrix } from './matrix';
import { openInFolder, TraceModel } from './trace-model';
import { isRequirementItem } from './trace-views';

export const RULE_HELP_SCHEME = 'sbd-rule';

/** Read-only virtual documents `sbd-rule:/SBD-CMD-001.md` holding a rule's help page. */
export class RuleHelpDocuments implements vscode.TextDocumentContentProvider {
  private readonly pages = new Map<string, string>();

  set(ruleId: string, markdown: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: RULE_HELP_SCHEME, path: `/${ruleId}.md` });
    this.pages.set(uri.toString(), markdown);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.pages.get(uri.toString()) ?? '';
  }
}

export interface CommandContext {
  client: LanguageClient;
  ruleHelp: RuleHelpDocuments;
  output: vscode.LogOutputChannel;
  trace: TraceModel;
  matrix: TraceMatrix;
}

type Factory = (ctx: CommandContext) => (...args: unknown[]) => Promise<unknown>;

function fail(ctx: CommandContext, what: string, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  ctx.output.error(`${what}: ${message}`);
  void vscode.window.showErrorMessage(`Secure by Design: ${what} failed: ${message}`);
}

const scanWorkspace: Factory = (ctx) => async () => {
  try {
    const result = await ctx.client.sendRequest(ScanWorkspaceRequest, {});
    const text = `${result.cancelled ? 'Scan cancelled' : 'Scan complete'}: ${result.filesScanned} files, ${result.openFindings} open findings.`;
    void vscode.window.showInformationMessage(text);
    return result;
  } catch (e) {
    fail(ctx, 'scanning the workspace', e);
    return undefined;
  }
};

const showRuleHelp: Factory = (ctx) => async (ruleIdArg?: unknown) => {
  try {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    let ruleId = typeof ruleIdArg === 'string' ? ruleIdArg : undefined;
    if (!ruleId) {
      const rules = await ctx.client.sendRequest(ListRulesRequest, { uri });
      const picked = await vscode.window.showQuickPick(
        rules.map((r) => ({
          label: r.id,
          description: r.title,
          detail: [r.cwe.map((c) => `CWE-${c}`).join(', '), r.iec81001.length ? `IEC 81001-5-1 ${r.iec81001.join(', ')}` : '', r.severity].filter(Boolean).join(' · '),
        })),
        { title: 'Secure by Design rules', placeHolder: 'Rule id, title or CWE', matchOnDescription: true, matchOnDetail: true },
      );
      ruleId = picked?.label;
    }
    if (!ruleId) return undefined;
    const help = await ctx.client.sendRequest(RuleHelpRequest, { ruleId, uri });
    if (!help) {
      void vscode.window.showWarningMessage(`Secure by Design: no rule ${ruleId}.`);
      return undefined;
    }
    const doc = ctx.ruleHelp.set(help.id, help.markdown);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', doc);
    } catch {
      // The built-in Markdown extension may be disabled: the source is still readable.
      await vscode.window.showTextDocument(doc, { preview: true });
    }
    return help.id;
  } catch (e) {
    fail(ctx, 'showing rule help', e);
    return undefined;
  }
};

const newRequirement: Factory = (ctx) => async (titleArg?: unknown) => {
  try {
    const title =
      typeof titleArg === 'string'
        ? titleArg
        : await vscode.window.showInputBox({
            title: 'New security requirement',
            prompt: 'Title of the requirement (what must hold, in a few words)',
            placeHolder: 'e.g. Rate commands within drug-library limits',
            validateInput: (v) => (v.trim() ? undefined : 'A title is required'),
          });
    if (!title?.trim()) return undefined;
    const folder = await pickFolder('Workspace folder of the requirements file');
    if (!folder) return undefined;
    const result = await ctx.client.sendRequest(NewRequirementRequest, { title: title.trim(), folderUri: folder.uri.toString() });
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(result.uri));
    const line = doc.lineAt(Math.min(result.line, doc.lineCount - 1));
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(line.range.start, line.range.end);
    editor.revealRange(line.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return result.id;
  } catch (e) {
    fail(ctx, 'adding a requirement', e);
    return undefined;
  }
};

/** The only workspace folder, or the one the user picks; undefined without folders or when cancelled. */
async function pickFolder(placeHolder: string): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  return folders.length > 1 ? await vscode.window.showWorkspaceFolderPick({ placeHolder }) : folders[0];
}

const openTraceMatrix: Factory = (ctx) => async () => {
  ctx.matrix.show();
};

/** Tree-item commands: the argument is the Requirements tree's node. */
const copyRequirementId: Factory = () => async (item?: unknown) => {
  if (!isRequirementItem(item)) return undefined;
  await vscode.env.clipboard.writeText(item.requirement.id);
  return item.requirement.id;
};

const revealRequirement: Factory = (ctx) => async (item?: unknown) => {
  if (!isRequirementItem(item)) return undefined;
  try {
    const loaded = await ctx.trace.get();
    if (!loaded) return undefined;
    const { file, range } = item.requirement.location;
    await openInFolder(loaded.folder, file, range);
    return item.requirement.id;
  } catch (e) {
    fail(ctx, 'revealing the requirement', e);
    return undefined;
  }
};

/** Inserts `// @implements <id>` (`@verifies` in a test file) at the active editor's cursor, as one undoable edit. */
const addTagAtCursor: Factory = (ctx) => async (item?: unknown) => {
  if (!isRequirementItem(item)) return undefined;
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage('Secure by Design: place the cursor in the code that implements or the test that verifies the requirement first.');
    return undefined;
  }
  try {
    const result = await ctx.client.sendRequest(InsertTagRequest, {
      uri: ctx.client.code2ProtocolConverter.asUri(editor.document.uri),
      position: ctx.client.code2ProtocolConverter.asPosition(editor.selection.active),
      requirement: item.requirement.id,
    });
    return `@${result.tag} ${item.requirement.id}`;
  } catch (e) {
    fail(ctx, `adding @implements ${item.requirement.id}`, e);
    return undefined;
  }
};

/** Where the report goes: the default folder, or one the user picks. An argument (a folder URI) skips the question. */
async function evidenceFolder(folder: vscode.WorkspaceFolder, arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.joinPath(folder.uri, arg);
  const fallback = vscode.Uri.joinPath(folder.uri, DEFAULT_EVIDENCE_DIR);
  const choice = await vscode.window.showQuickPick(
    [
      { label: DEFAULT_EVIDENCE_DIR, description: 'default', uri: fallback },
      { label: 'Choose a folder…', uri: undefined },
    ],
    { title: 'Export evidence report', placeHolder: 'Folder for index.html, trace-matrix.csv, summary.md, findings.sarif and sbom.cdx.json' },
  );
  if (!choice) return undefined;
  if (choice.uri) return choice.uri;
  const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, canSelectMany: false, defaultUri: folder.uri, openLabel: 'Export here' });
  return picked?.[0];
}

async function openReport(uri: vscode.Uri): Promise<void> {
  // A browser shows the page as the reviewer will; in a remote or web editor the local browser cannot
  // reach the file, so the editor opens it instead.
  if (vscode.env.uiKind === vscode.UIKind.Desktop && !vscode.env.remoteName && (await vscode.env.openExternal(uri))) return;
  await vscode.commands.executeCommand('vscode.open', uri);
}

const exportEvidenceReport: Factory = (ctx) => async (target?: unknown) => {
  const folder = await pickFolder('Workspace folder to report on');
  if (!folder) return undefined;
  const out = await evidenceFolder(folder, target);
  if (!out) return undefined;
  try {
    const result: ExportEvidenceReportResult = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Secure by Design: exporting the evidence report…' },
      () => ctx.client.sendRequest(ExportEvidenceReportRequest, { folderUri: folder.uri.toString(), outUri: out.toString() }),
    );
    const shown = vscode.workspace.asRelativePath(out, false);
    void vscode.window
      .showInformationMessage(`Secure by Design: evidence report written to ${shown} (${result.openFindings} open findings, ${result.gaps} gaps).`, 'Open index.html')
      .then((action) => (action ? openReport(vscode.Uri.parse(result.indexUri)) : undefined));
    return result;
  } catch (e) {
    fail(ctx, 'exporting the evidence report', e);
    return undefined;
  }
};

const createStarterModel: Factory = (ctx) => async () => {
  const folder = await pickFolder('Workspace folder for the security model');
  if (!folder) return undefined;
  try {
    const result = await ctx.client.sendRequest(CreateStarterModelRequest, { folderUri: folder.uri.toString() });
    const names = result.created.map((u) => vscode.workspace.asRelativePath(vscode.Uri.parse(u), false));
    void vscode.window.showInformationMessage(
      names.length ? `Secure by Design: created ${names.join(', ')}. Complete them, then tag code with @implements and tests with @verifies.` : 'Secure by Design: the security model files exist already; nothing was changed.',
    );
    await vscode.window.showTextDocument(vscode.Uri.parse(result.requirementsUri));
    return names;
  } catch (e) {
    fail(ctx, 'creating the starter security model', e);
    return undefined;
  }
};

const FACTORIES: Record<CommandName, Factory> = {
  scanWorkspace,
  showRuleHelp,
  newRequirement,
  openTraceMatrix,
  copyRequirementId,
  revealRequirement,
  addTagAtCursor,
  exportEvidenceReport,
  createStarterModel,
};

/** Code lenses of the server carry LSP positions and locations; the editor's command wants its own types. */
const showReferences: Factory = (ctx) => async (uri: unknown, position: unknown, locations: unknown) => {
  const c = ctx.client.protocol2CodeConverter;
  await vscode.commands.executeCommand(
    'editor.action.showReferences',
    vscode.Uri.parse(String(uri)),
    c.asPosition(position as LspPosition),
    (locations as LspLocation[]).map((l) => c.asLocation(l)),
  );
};

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  const out = (Object.keys(FACTORIES) as CommandName[]).map((name) => vscode.commands.registerCommand(COMMANDS[name].id, FACTORIES[name](ctx)));
  out.push(vscode.commands.registerCommand(SHOW_REFERENCES_COMMAND, showReferences(ctx)));
  return out;
}
