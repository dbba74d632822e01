// The VS Code client: starts the bundled language server and adds what only the editor can do (status
// bar, commands, virtual documents). Everything about findings and traceability is answered by the
// server; this side only forwards and displays.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { SETTINGS_SECTION, StatusNotification } from '../shared/protocol';
import { registerCommands, RULE_HELP_SCHEME, RuleHelpDocuments } from './commands';
import { SERVER_EXEC_ARGV } from './server-process';
import { TraceMatrix } from './matrix';
import { StatusBar } from './status';
import { findingsModel, registerFindingsView } from './findings-view';
import { serverChanges, traceModel } from './trace-model';
import { registerTraceViews } from './trace-views';

let client: LanguageClient | undefined;

const LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'yaml'];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Secure by Design', { log: true });
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: SERVER_EXEC_ARGV } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // `scheme: 'file'`: a bare language filter would also match TypeScript's own lib.*.d.ts and
    // untitled buffers, which are not part of the workspace.
    documentSelector: LANGUAGES.map((language) => ({ scheme: 'file', language })),
    outputChannel: output,
    // Evaluated at every (re)start, so granting trust and restarting applies it.
    initializationOptions: () => ({ trusted: vscode.workspace.isTrusted }),
    // The default error handler restarts a crashed server up to this many times in three minutes.
    connectionOptions: { maxRestartCount: 4 },
    markdown: { isTrusted: false, supportHtml: false },
  };
  // The id names the `secureByDesign.trace.server` setting the client reads for protocol tracing.
  const lc = new LanguageClient(SETTINGS_SECTION, 'Secure by Design', serverOptions, clientOptions);
  client = lc;

  const status = new StatusBar();
  const ruleHelp = new RuleHelpDocuments();
  const changes = serverChanges(lc);
  const trace = traceModel(lc, changes.event, output);
  const findings = findingsModel(lc, changes.event, output);
  const matrix = new TraceMatrix(context.extensionUri, trace, lc);
  context.subscriptions.push(
    output,
    status,
    ...changes.disposables,
    trace,
    findings,
    matrix,
    ...registerTraceViews(trace),
    ...registerFindingsView(findings),
    vscode.workspace.registerTextDocumentContentProvider(RULE_HELP_SCHEME, ruleHelp),
    ...registerCommands({ client: lc, ruleHelp, output, trace, matrix }),
    lc.onNotification(StatusNotification, (params) => status.update(params)),
    lc.onDidChangeState(({ newState }) => status.serverState(newState)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      output.info('Workspace trusted: restarting the server with workspace rule packs and settings.');
      void lc.restart();
    }),
  );
  await lc.start();
}

export function deactivate(): Thenable<void> | undefined {
  return client?.stop();
}
