// The client's copies of what the server computes for the panel: the trace graph and the findings.
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import type { TraceGraph } from '../core/trace/graph';
import type { Range } from '../core/types';
import { EMPTY_MODEL_CONTEXT } from '../shared/commands';
import { AdvisoriesState, TraceChangedNotification, TraceGraphRequest } from '../shared/protocol';

/** Coalesces bursts of change notifications (typing in a YAML file) into one request. */
const REFRESH_DELAY_MS = 150;

export interface LoadedTrace {
  folder: vscode.Uri;
  graph: TraceGraph;
  /** Known vulnerabilities from the `advisoriesFile` setting, when one is set. */
  advisories?: AdvisoriesState;
}

/**
 * The client's copy of one server answer (the trace graph, the findings): fetched on first use and again
 * after each trace-changed notification, which the server sends after model files, tags or findings
 * changed. Views read it and compute nothing.
 */
export class ServerSnapshot<T> implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private current: T | undefined;
  private pending: Promise<T | undefined> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    /** Fires on the server's trace-changed notification (one client handler per method, so shared). */
    serverChanged: vscode.Event<void>,
    private readonly output: vscode.LogOutputChannel,
    private readonly what: string,
    /** Asks the server; undefined when there is nothing to show (no workspace folder). */
    private readonly fetch: () => Promise<T | undefined>,
    /** Runs after every load, with its result. */
    private readonly loaded: (value: T | undefined) => void = () => undefined,
  ) {
    this.subscriptions.push(this.changed, serverChanged(() => this.scheduleRefresh()));
  }

  /** The last answer, loading it first if none was loaded yet. */
  async get(): Promise<T | undefined> {
    return this.current ?? (await this.load());
  }

  private scheduleRefresh(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.load().then(() => this.changed.fire());
    }, REFRESH_DELAY_MS);
  }

  private load(): Promise<T | undefined> {
    this.pending ??= (async () => {
      try {
        this.current = await this.fetch();
      } catch (e) {
        this.output.error(`${this.what}: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        this.pending = undefined;
      }
      this.loaded(this.current);
      return this.current;
    })();
    return this.pending;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}

export type TraceModel = ServerSnapshot<LoadedTrace>;

/**
 * The trace-changed notification as an event. The language client keeps one handler per notification
 * method, so every snapshot subscribes here instead of registering its own.
 */
export function serverChanges(client: LanguageClient): { event: vscode.Event<void>; disposables: vscode.Disposable[] } {
  const emitter = new vscode.EventEmitter<void>();
  return { event: emitter.event, disposables: [emitter, client.onNotification(TraceChangedNotification, () => emitter.fire())] };
}

export function traceModel(client: LanguageClient, serverChanged: vscode.Event<void>, output: vscode.LogOutputChannel): TraceModel {
  return new ServerSnapshot<LoadedTrace>(
    serverChanged,
    output,
    'trace graph',
    async () => {
      const result = await client.sendRequest(TraceGraphRequest, {});
      return result.available && result.folderUri && result.graph ? { folder: vscode.Uri.parse(result.folderUri), graph: result.graph, advisories: result.advisories } : undefined;
    },
    (loaded) => {
      const g = loaded?.graph;
      void vscode.commands.executeCommand('setContext', EMPTY_MODEL_CONTEXT, !g || (g.requirements.length === 0 && g.threats.length === 0));
    },
  );
}

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** Opens a workspace-relative file of the graph with the range selected. */
export async function openInFolder(folder: vscode.Uri, file: string, range: Range): Promise<void> {
  await vscode.commands.executeCommand('vscode.open', vscode.Uri.joinPath(folder, file), { selection: toRange(range) } satisfies vscode.TextDocumentShowOptions);
}
