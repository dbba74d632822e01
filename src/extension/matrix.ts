// The trace matrix: a webview over the same trace graph as the tree views. Its script and style are
// files in media/ (the only local resource root), the CSP allows nothing else, and the page builds its
// DOM with textContent: requirement titles and file names come from the repository.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { FromMatrixMessage, matrixRows, parseMatrixMessage, ToMatrixMessage } from '../shared/matrix';
import { ExportTraceMatrixRequest, MatrixExportFormat } from '../shared/protocol';
import { openInFolder, TraceModel } from './trace-model';

const EXPORT_FILTERS: Record<MatrixExportFormat, { name: string; extension: string }> = {
  csv: { name: 'CSV', extension: 'csv' },
  md: { name: 'Markdown', extension: 'md' },
  html: { name: 'HTML', extension: 'html' },
};

export class TraceMatrix implements vscode.Disposable {
  static readonly viewType = 'secureByDesign.traceMatrix';
  private panel: vscode.WebviewPanel | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly model: TraceModel,
    private readonly client: LanguageClient,
  ) {
    this.subscription = model.onDidChange(() => void this.post());
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(TraceMatrix.viewType, 'Trace Matrix', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [media],
      retainContextWhenHidden: false,
    });
    this.panel = panel;
    panel.webview.html = html(panel.webview, media);
    panel.webview.onDidReceiveMessage((m: unknown) => void this.receive(parseMatrixMessage(m)));
    panel.onDidDispose(() => (this.panel = undefined));
  }

  private async receive(m: FromMatrixMessage | undefined): Promise<void> {
    if (!m) return;
    if (m.type === 'ready') return this.post();
    if (m.type === 'export') {
      const text = await this.export(m.format);
      if (text) await this.send({ type: 'exported', text });
      return;
    }
    const loaded = await this.model.get();
    const r = loaded?.graph.requirements.find((x) => x.id === m.requirement);
    if (!loaded || !r) return;
    const target = m.type === 'openImplementation' ? r.implementations[m.index] : m.type === 'openTest' ? r.verifications[m.index] : r.location;
    if (target) await openInFolder(loaded.folder, target.file, target.range);
  }

  /**
   * Asks where to save (default: the security folder of the workspace), then has the server render and
   * write the file atomically. Returns what the page shows, or undefined when the user cancelled.
   */
  async export(format: MatrixExportFormat, target?: vscode.Uri): Promise<string | undefined> {
    const loaded = await this.model.get();
    if (!loaded) return 'Open a workspace folder to export its trace matrix.';
    const filter = EXPORT_FILTERS[format];
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: `Export trace matrix as ${filter.name}`,
        defaultUri: vscode.Uri.joinPath(loaded.folder, 'security', `trace-matrix.${filter.extension}`),
        filters: { [filter.name]: [filter.extension] },
        saveLabel: 'Export',
      }));
    if (!uri) return undefined;
    try {
      await this.client.sendRequest(ExportTraceMatrixRequest, { folderUri: loaded.folder.toString(), format, targetUri: uri.toString() });
      const shown = vscode.workspace.asRelativePath(uri, false);
      void vscode.window.showInformationMessage(`Secure by Design: trace matrix exported to ${shown}.`);
      return `Exported to ${shown}`;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      void vscode.window.showErrorMessage(`Secure by Design: exporting the trace matrix failed: ${message}`);
      return `Export failed: ${message}`;
    }
  }

  private async post(): Promise<void> {
    if (!this.panel) return;
    const loaded = await this.model.get();
    await this.send(loaded ? { type: 'rows', rows: matrixRows(loaded.graph.requirements) } : { type: 'unavailable', reason: 'Open a workspace folder to see its trace matrix.' });
  }

  private async send(message: ToMatrixMessage): Promise<void> {
    await this.panel?.webview.postMessage(message);
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
  }
}

function html(webview: vscode.Webview, media: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'matrix.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'matrix.css'));
  const csp = `default-src 'none'; style-src ${webview.cspSource}; script-src 'nonce-${nonce}'`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Trace Matrix</title>
</head>
<body>
<header>
<input id="filter" type="search" placeholder="Filter by id, title, threat, clause, file …" aria-label="Filter requirements">
<span id="count" role="status"></span>
<span class="export" role="group" aria-label="Export the trace matrix">
<button type="button" data-format="csv">Export CSV</button>
<button type="button" data-format="md">Export Markdown</button>
<button type="button" data-format="html">Export HTML</button>
</span>
<span id="exported" role="status"></span>
</header>
<main id="matrix"></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
