// A minimal LSP client for the protocol tests: spawns the built server (dist/server.js --stdio), answers
// the requests a real editor answers (configuration, progress, registration, applyEdit) and records
// what the server sends. Waiting is event driven: `waitFor` re-checks its predicate on every message.
import { ChildProcess, spawn } from 'node:child_process';
import { makeTempDir } from '../temp-dir';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  ApplyWorkspaceEditParams,
  ClientCapabilities,
  ConfigurationParams,
  createMessageConnection,
  Diagnostic,
  InitializeResult,
  MessageConnection,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SETTINGS } from '../../src/core/workspace/settings';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SERVER = path.join(ROOT, 'dist', 'server.js');

export interface ClientOptions {
  /** Editor settings answered to `workspace/configuration` (nested, like VS Code); default: the defaults. */
  settings?: Record<string, unknown>;
  trusted?: boolean;
  /** Snippet edits in workspace edits (VS Code: yes). */
  snippetEdits?: boolean;
  /** Work-done progress support. */
  progress?: boolean;
  /** Node arguments that start the server; default: dist/server.js --stdio. */
  serverArgs?: string[];
  /** Working folder of the server process; default: the workspace. */
  cwd?: string;
  /** A command the server's `node` is started through (`setpriv …` to drop root's permission override). */
  launcher?: string[];
}

export function defaultEditorSettings(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of SETTINGS) {
    const parts = s.key.split('.');
    let cur = out;
    for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
    cur[parts[parts.length - 1]] = structuredClone(s.default);
  }
  return out;
}

/** A temporary workspace from a map of relative path → content. */
export function workspace(files: Record<string, string>): string {
  const root = fs.realpathSync(makeTempDir('sbd-lsp-'));
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return root;
}

export function uriOf(root: string, rel: string): string {
  return pathToFileURL(path.join(root, rel)).href;
}

interface Waiter {
  check: () => boolean;
}

function languageOf(file: string): string {
  if (/\.ya?ml$/.test(file)) return 'yaml';
  if (/\.tsx$/.test(file)) return 'typescriptreact';
  if (/\.jsx$/.test(file)) return 'javascriptreact';
  if (/\.[mc]?js$/.test(file)) return 'javascript';
  return 'typescript';
}

export class TestClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly publishes: PublishDiagnosticsParams[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly requests: { method: string; params: unknown }[] = [];
  readonly docs = new Map<string, TextDocument>();
  readonly progressTokens = new Set<string | number>();
  readonly progress: { token: string | number; value: { kind: string; message?: string; percentage?: number } }[] = [];
  settings: Record<string, unknown>;
  stderr = '';
  initializeResult?: InitializeResult;
  private readonly waiters = new Set<Waiter>();
  private exited = false;

  private constructor(
    readonly root: string,
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
    readonly options: ClientOptions,
  ) {
    this.settings = options.settings ?? defaultEditorSettings();
  }

  static async start(root: string, options: ClientOptions = {}): Promise<TestClient> {
    const [command, ...args] = [...(options.launcher ?? []), process.execPath, ...(options.serverArgs ?? [SERVER, '--stdio'])];
    const child = spawn(command, args, { cwd: options.cwd ?? root, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new TestClient(root, child, connection, options);
    child.stderr!.on('data', (d: Buffer) => {
      client.stderr += d.toString();
    });
    child.on('exit', () => {
      client.exited = true;
      client.wake();
    });
    client.listen();
    connection.listen();
    // A server that dies while starting rejects the wait instead of leaving the test hanging.
    await Promise.race([client.initialize(), client.waitFor(() => false, 60000, 'initialize')]);
    return client;
  }

  private wake(): void {
    for (const w of [...this.waiters]) w.check();
  }

  private listen(): void {
    const c = this.connection;
    c.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.diagnostics.set(p.uri, p);
      this.publishes.push(p);
      this.wake();
    });
    c.onNotification('$/progress', (p: { token: string | number; value: { kind: string } }) => {
      this.progress.push(p);
      this.wake();
    });
    c.onNotification((method: string, params: unknown) => {
      this.notifications.push({ method, params });
      this.wake();
    });
    c.onRequest('workspace/configuration', (p: ConfigurationParams) => {
      this.requests.push({ method: 'workspace/configuration', params: p });
      return p.items.map((item) => (item.section === 'secureByDesign' ? structuredClone(this.settings) : null));
    });
    c.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => {
      this.requests.push({ method: 'window/workDoneProgress/create', params: p });
      this.progressTokens.add(p.token);
      this.wake();
      return null;
    });
    c.onRequest('client/registerCapability', (p: unknown) => {
      this.requests.push({ method: 'client/registerCapability', params: p });
      this.wake();
      return null;
    });
    c.onRequest('workspace/applyEdit', async (p: ApplyWorkspaceEditParams) => {
      this.requests.push({ method: 'workspace/applyEdit', params: p });
      await this.applyEdit(p.edit);
      this.wake();
      return { applied: true };
    });
    c.onRequest('window/showMessageRequest', () => null);
  }

  private async initialize(): Promise<void> {
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: true,
        applyEdit: true,
        workspaceFolders: true,
        didChangeConfiguration: { dynamicRegistration: true },
        didChangeWatchedFiles: { dynamicRegistration: true },
        workspaceEdit: {
          documentChanges: true,
          resourceOperations: ['create', 'rename', 'delete'],
          snippetEditSupport: this.options.snippetEdits ?? true,
        },
      },
      window: { workDoneProgress: this.options.progress ?? true },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        codeAction: {
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
          isPreferredSupport: true,
        },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: { completionItem: { snippetSupport: true } },
        rename: { prepareSupport: true },
      },
    };
    this.initializeResult = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(this.root).href,
      workspaceFolders: [{ uri: pathToFileURL(this.root).href, name: path.basename(this.root) }],
      capabilities,
      initializationOptions: { trusted: this.options.trusted ?? true },
    });
    await this.connection.sendNotification('initialized', {});
  }

  /** Resolves with the predicate's first truthy value; rejects after `timeoutMs` or when the server exits. */
  waitFor<T>(predicate: () => T | undefined | null | false, timeoutMs = 15000, what = 'condition'): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          let value: T | undefined | null | false;
          try {
            value = predicate();
            if (value instanceof Promise) throw new Error('waitFor takes a synchronous predicate; request first, then wait');
          } catch (e) {
            this.waiters.delete(waiter);
            clearTimeout(timer);
            reject(e as Error);
            return true;
          }
          if (value) {
            this.waiters.delete(waiter);
            clearTimeout(timer);
            resolve(value);
            return true;
          }
          if (this.exited) {
            this.waiters.delete(waiter);
            clearTimeout(timer);
            reject(new Error(`server exited while waiting for ${what}\n${this.stderr}`));
            return true;
          }
          return false;
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      if (!waiter.check()) this.waiters.add(waiter);
    });
  }

  /** Diagnostics published for a document at (at least) the given version. */
  diagnosticsFor(uri: string, version?: number, timeoutMs?: number): Promise<Diagnostic[]> {
    return this.waitFor(
      () => {
        const p = this.diagnostics.get(uri);
        if (!p) return undefined;
        if (version !== undefined && p.version !== version) return undefined;
        return p.diagnostics;
      },
      timeoutMs,
      `diagnostics of ${uri}${version !== undefined ? ` v${version}` : ''}`,
    );
  }

  open(rel: string, text?: string): TextDocument {
    const file = path.join(this.root, rel);
    const content = text ?? fs.readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).href;
    const doc = TextDocument.create(uri, languageOf(rel), 1, content);
    this.docs.set(uri, doc);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: doc.languageId, version: 1, text: content } });
    return doc;
  }

  /** Replaces the whole text (a full-content change) and returns the new version. */
  change(uri: string, text: string): number {
    const doc = this.docs.get(uri);
    if (!doc) throw new Error(`not open: ${uri}`);
    const next = TextDocument.create(uri, doc.languageId, doc.version + 1, text);
    this.docs.set(uri, next);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: next.version }, contentChanges: [{ text }] });
    return next.version;
  }

  /** An incremental change. */
  edit(uri: string, edits: TextEdit[]): number {
    const doc = this.docs.get(uri);
    if (!doc) throw new Error(`not open: ${uri}`);
    const text = TextDocument.applyEdits(doc, edits);
    const next = TextDocument.create(uri, doc.languageId, doc.version + 1, text);
    this.docs.set(uri, next);
    // Sent one by one, last first, so earlier ranges stay valid.
    const sorted = [...edits].sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start));
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: next.version }, contentChanges: sorted.map((e) => ({ range: e.range, text: e.newText })) });
    return next.version;
  }

  close(uri: string): void {
    this.docs.delete(uri);
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  text(uri: string): string {
    const doc = this.docs.get(uri);
    return doc ? doc.getText() : fs.readFileSync(fileURLToPath(uri), 'utf8');
  }

  /**
   * Applies a workspace edit as an editor would: open documents get a change notification, closed
   * files are written. Snippets are expanded with `fill` for their placeholders.
   */
  async applyEdit(edit: WorkspaceEdit, fill: (placeholder: string) => string = (p) => p): Promise<void> {
    const perUri = new Map<string, TextEdit[]>();
    const add = (uri: string, e: TextEdit) => perUri.set(uri, [...(perUri.get(uri) ?? []), e]);
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) for (const e of edits) add(uri, e);
    for (const change of edit.documentChanges ?? []) {
      if ('kind' in change) {
        if (change.kind === 'create') {
          const file = fileURLToPath(change.uri);
          if (!fs.existsSync(file)) {
            fs.mkdirSync(path.dirname(file), { recursive: true });
            fs.writeFileSync(file, '');
          }
        }
        continue;
      }
      const doc = this.docs.get(change.textDocument.uri);
      if (doc && change.textDocument.version !== null && change.textDocument.version !== doc.version) throw new Error(`edit for version ${change.textDocument.version} of a document at ${doc.version}`);
      for (const e of change.edits) {
        if ('snippet' in e) add(change.textDocument.uri, { range: e.range, newText: expandSnippet(e.snippet.value, fill) });
        else add(change.textDocument.uri, e as TextEdit);
      }
    }
    for (const [uri, edits] of perUri) {
      if (this.docs.has(uri)) {
        this.edit(uri, edits);
      } else {
        const file = fileURLToPath(uri);
        const before = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
        fs.writeFileSync(file, TextDocument.applyEdits(TextDocument.create(uri, 'x', 0, before), edits));
      }
    }
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  notificationsOf<P>(method: string): P[] {
    return this.notifications.filter((n) => n.method === method).map((n) => n.params as P);
  }

  /** Tells the server a watched file changed on disk (1 created, 2 changed, 3 deleted). */
  fileChanged(rel: string, type: 1 | 2 | 3): void {
    void this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(this.root, rel), type }] });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // the server may already be gone
    }
    await this.waitFor(() => this.exited, 5000, 'server exit').catch(() => this.child.kill('SIGKILL'));
    this.connection.dispose();
  }

  kill(): Promise<void> {
    this.child.kill('SIGKILL');
    return this.waitFor(() => this.exited, 5000, 'server exit').then(() => this.connection.dispose());
  }
}

/**
 * Expands an LSP snippet as an editor would: placeholders `${1:text}` (nested too) become
 * fill(text), tab stops `$1`/`${1}` vanish, `\$`, `\}` and `\\` are literal; variables stay as written.
 */
export function expandSnippet(snippet: string, fill: (placeholder: string) => string): string {
  let i = 0;
  const parse = (inPlaceholder: boolean): string => {
    let out = '';
    while (i < snippet.length) {
      const c = snippet[i];
      if (c === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1])) {
        out += snippet[i + 1];
        i += 2;
      } else if (inPlaceholder && c === '}') {
        i++;
        return out;
      } else if (c === '$') {
        const tab = /^\$(\d+)|^\$\{(\d+)\}/.exec(snippet.slice(i));
        const placeholder = /^\$\{\d+:/.exec(snippet.slice(i));
        const variable = /^\$\{[A-Z_]+\}|^\$[A-Z_]+/.exec(snippet.slice(i));
        if (variable) {
          out += variable[0];
          i += variable[0].length;
        } else if (tab) {
          i += tab[0].length;
        } else if (placeholder) {
          i += placeholder[0].length;
          out += fill(parse(true));
        } else {
          out += c;
          i++;
        }
      } else {
        out += c;
        i++;
      }
    }
    return out;
  };
  return parse(false);
}
