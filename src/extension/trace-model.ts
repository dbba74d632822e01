// The client's copy of the server's trace graph: fetched with the trace-graph request, again after
// each trace-changed notification. The panel views and the trace matrix read it and compute nothing.
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import type { TraceGraph } from '../core/trace/graph';
import type { Range } from '../core/types';
import { EMPTY_MODEL_CONTEXT } from '../shared/commands';
import { TraceChangedNotification, TraceGraphRequest } from '../shared/protocol';

/** Coalesces bursts of change notifications (typing in a YAML file) into one request. */
const REFRESH_DELAY_MS = 150;

export interface LoadedTrace {
  folder: vscode.Uri;
  graph: TraceGraph;
}

export class TraceModel implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private current: LoadedTrace | undefined;
  private pending: Promise<LoadedTrace | undefined> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly client: LanguageClient,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(this.changed, client.onNotification(TraceChangedNotification, () => this.scheduleRefresh()));
  }

  /** The last graph, loading it first if none was loaded yet; undefined without a workspace folder. */
  async get(): Promise<LoadedTrace | undefined> {
    return this.current ?? (await this.load());
  }

  private scheduleRefresh(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.load().then(() => this.changed.fire());
    }, REFRESH_DELAY_MS);
  }

  private load(): Promise<LoadedTrace | undefined> {
    this.pending ??= (async () => {
      try {
        const result = await this.client.sendRequest(TraceGraphRequest, {});
        this.current = result.available && result.folderUri && result.graph ? { folder: vscode.Uri.parse(result.folderUri), graph: result.graph } : undefined;
      } catch (e) {
        this.output.error(`trace graph: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        this.pending = undefined;
      }
      const g = this.current?.graph;
      void vscode.commands.executeCommand('setContext', EMPTY_MODEL_CONTEXT, !g || (g.requirements.length === 0 && g.threats.length === 0));
      return this.current;
    })();
    return this.pending;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** Opens a workspace-relative file of the graph with the range selected. */
export async function openInFolder(folder: vscode.Uri, file: string, range: Range): Promise<void> {
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.joinPath(folder, file), { selection: toRange(range) } satisfies vscode.TextDocumentShowOptions);
}
