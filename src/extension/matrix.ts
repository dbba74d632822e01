// The trace matrix: a webview over the same trace graph as the tree views. Its script and style are
// files in media/ (the only local resource root), the CSP allows nothing else, and the page builds its
// DOM with textContent: requirement titles and file names come from the repository.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { FromMatrixMessage, matrixRows, parseMatrixMessage, ToMatrixMessage } from '../shared/matrix';
import { openInFolder, TraceModel } from './trace-model';

export class TraceMatrix implements vscode.Disposable {
  static readonly viewType = 'secureByDesign.traceMatrix';
  private panel: vscode.WebviewPanel | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly model: TraceModel,
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
    const loaded = await this.model.get();
    const r = loaded?.graph.requirements.find((x) => x.id === m.requirement);
    if (!loaded || !r) return;
    const target = m.type === 'openImplementation' ? r.implementations[m.index] : m.type === 'openTest' ? r.verifications[m.index] : r.location;
    if (target) await openInFolder(loaded.folder, target.file, target.range);
  }

  private async post(): Promise<void> {
    if (!this.panel) return;
    const loaded = await this.model.get();
    const message: ToMatrixMessage = loaded ? { type: 'rows', rows: matrixRows(loaded.graph.requirements) } : { type: 'unavailable', reason: 'Open a workspace folder to see its trace matrix.' };
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
</header>
<main id="matrix"></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
