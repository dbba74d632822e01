import { Connection, Diagnostic } from 'vscode-languageserver';
import { uriKey } from './workspace';

/** Who contributes diagnostics to a file; a file's published set is the union of its channels. */
export type Channel = 'analysis' | 'trace' | 'input';

interface Entry {
  uri: string;
  channels: Map<Channel, Diagnostic[]>;
  published?: string;
  publishedVersion?: number;
}

/** Owns `textDocument/publishDiagnostics`: several producers, one consistent set per file. */
export class DiagnosticsHub {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly connection: Connection,
    /** The version of the document if it is open in the editor. */
    private readonly openVersion: (uri: string) => number | undefined,
  ) {}

  set(uri: string, channel: Channel, diagnostics: Diagnostic[]): void {
    const key = uriKey(uri);
    let entry = this.entries.get(key);
    if (!entry) {
      // Open documents always get an answer, even an empty one, so a client can tell "analysed and
      // clean" from "not analysed yet"; closed files without problems need no message.
      if (diagnostics.length === 0 && this.openVersion(uri) === undefined) return;
      entry = { uri, channels: new Map() };
      this.entries.set(key, entry);
    }
    if (diagnostics.length) entry.channels.set(channel, diagnostics);
    else entry.channels.delete(channel);
    this.publish(key, entry);
  }

  /** Clears a channel in every file for which `keep` says no. */
  clearChannel(channel: Channel, keep: (uri: string) => boolean = () => false): void {
    for (const [key, entry] of [...this.entries]) {
      if (entry.channels.has(channel) && !keep(entry.uri)) {
        entry.channels.delete(channel);
        this.publish(key, entry);
      }
    }
  }

  get(uri: string, channel: Channel): Diagnostic[] {
    return this.entries.get(uriKey(uri))?.channels.get(channel) ?? [];
  }

  private publish(key: string, entry: Entry): void {
    const all = [...entry.channels.values()].flat();
    const version = this.openVersion(entry.uri);
    const text = JSON.stringify(all);
    if (text === entry.published && version === entry.publishedVersion) return;
    entry.published = text;
    entry.publishedVersion = version;
    if (all.length === 0 && version === undefined) this.entries.delete(key);
    void this.connection.sendDiagnostics({ uri: entry.uri, version, diagnostics: all });
  }
}
