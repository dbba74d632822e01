import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { WorkspaceFolder } from 'vscode-languageserver';
import { toPosix } from '../core/workspace/files';

export interface Folder {
  uri: string;
  /** Absolute file-system path. */
  root: string;
  name: string;
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(fsPath: string): string {
  return pathToFileURL(fsPath).href;
}

/**
 * A stable key for a document: clients spell the same file URI differently (VS Code escapes `:` and
 * `@`, Node does not), so files are keyed by their path.
 */
export function uriKey(uri: string): string {
  return uriToPath(uri) ?? uri;
}

/** The workspace folders and the mapping between URIs and workspace-relative paths. */
export class Workspace {
  private list: Folder[] = [];

  setFolders(folders: readonly WorkspaceFolder[]): void {
    this.list = [];
    for (const f of folders) this.add(f);
  }

  add(folder: WorkspaceFolder): void {
    const root = uriToPath(folder.uri);
    if (root && !this.list.some((f) => f.root === root)) this.list.push({ uri: folder.uri, root, name: folder.name });
  }

  remove(folder: WorkspaceFolder): void {
    const root = uriToPath(folder.uri);
    this.list = this.list.filter((f) => f.root !== root);
  }

  get folders(): readonly Folder[] {
    return this.list;
  }

  /** The innermost folder containing the file, if any. */
  folderOf(uri: string): Folder | undefined {
    const file = uriToPath(uri);
    if (!file) return undefined;
    let best: Folder | undefined;
    for (const f of this.list) {
      const rel = path.relative(f.root, file);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      if (!best || f.root.length > best.root.length) best = f;
    }
    return best;
  }

  folderByUri(uri: string | undefined): Folder | undefined {
    if (!uri) return this.list[0];
    const root = uriToPath(uri);
    return this.list.find((f) => f.root === root) ?? this.folderOf(uri);
  }

  /**
   * Root and workspace-relative path of a document. A file outside every folder is analysed on its
   * own, relative to its directory; a non-file document gets a name with the extension of its language.
   */
  locate(uri: string, languageId?: string): { folder?: Folder; root?: string; rel: string } {
    const file = uriToPath(uri);
    if (!file) return { rel: `untitled${extensionOf(languageId)}` };
    const folder = this.folderOf(uri);
    if (!folder) return { root: path.dirname(file), rel: path.basename(file) };
    return { folder, root: folder.root, rel: toPosix(path.relative(folder.root, file)) };
  }

  uriOf(root: string, rel: string): string {
    return pathToUri(path.join(root, rel));
  }
}

function extensionOf(languageId: string | undefined): string {
  switch (languageId) {
    case 'typescriptreact':
      return '.tsx';
    case 'javascript':
      return '.js';
    case 'javascriptreact':
      return '.jsx';
    case 'yaml':
      return '.yaml';
    default:
      return '.ts';
  }
}
