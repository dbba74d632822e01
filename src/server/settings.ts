// Settings, pulled per resource with `workspace/configuration` and cached per document until the
// client says they changed. Precedence, lowest first:
//   1. the defaults of the settings table (src/core/workspace/settings.ts),
//   2. `sbd.config.json` at the workspace-folder root (what the CLI and CI read),
//   3. editor settings (`secureByDesign.*`) whose value differs from the default.
// VS Code answers every contributed key, defaults included, so an editor value equal to the default
// cannot be told apart from an unset one: it leaves sbd.config.json in charge. `rules` maps merge
// per rule id (the editor's entry wins).
// In an untrusted workspace the trust-requiring keys of sbd.config.json are ignored and workspace rule
// packs are not loaded; VS Code itself withholds the workspace's own values of those editor settings
// (package.json `restrictedConfigurations`).
import { Connection } from 'vscode-languageserver';
import { AnalysisContext, createAnalysisContext } from '../core/analysis/context';
import { InputError, InputProblem } from '../core/types';
import { CONFIG_FILE, defaultConfig, loadConfig, resolveConfig, SbdConfig } from '../core/workspace/config';
import { SETTINGS } from '../core/workspace/settings';
import { SETTINGS_SECTION } from '../shared/protocol';
import { Folder, Workspace } from './workspace';

export interface ResourceSettings {
  folder?: Folder;
  root?: string;
  config: SbdConfig;
  ctx: AnalysisContext;
}

export interface SettingsEvents {
  /** Problems in a folder's own input files (sbd.config.json, rule packs); an empty list clears them. */
  inputProblems(root: string, problems: InputProblem[]): void;
  /** Problems in the editor's settings, shown once per distinct text. */
  settingsProblem(message: string): void;
  log(message: string): void;
}

const MAX_CONTEXTS = 8;

export class Settings {
  private readonly perDocument = new Map<string, Promise<ResourceSettings>>();
  private readonly fileConfigs = new Map<string, { config: SbdConfig; problems: InputProblem[] }>();
  private readonly contexts = new Map<string, { ctx: AnalysisContext; problems: InputProblem[] }>();
  private readonly reported = new Set<string>();
  /** Settings a client without `workspace/configuration` pushes in `didChangeConfiguration`. */
  private pushed: unknown;

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
    private readonly options: { trusted: boolean; pullConfiguration: boolean },
    private readonly events: SettingsEvents,
  ) {}

  get trusted(): boolean {
    return this.options.trusted;
  }

  /** Settings of a document (or a folder: pass its URI). Never rejects. */
  forResource(uri: string): Promise<ResourceSettings> {
    let pending = this.perDocument.get(uri);
    if (!pending) {
      pending = this.resolve(uri);
      this.perDocument.set(uri, pending);
    }
    return pending;
  }

  forget(uri: string): void {
    this.perDocument.delete(uri);
  }

  /** Drops every cached value: editor settings changed, or sbd.config.json / a rule pack did. */
  clear(options: { files?: boolean; pushed?: unknown } = {}): void {
    if (options.pushed !== undefined) this.pushed = options.pushed;
    this.perDocument.clear();
    if (options.files) {
      this.fileConfigs.clear();
      this.contexts.clear();
    }
    this.reported.clear();
  }

  /** The context of a folder's configuration without a document (rule listings). */
  async forFolder(folder: Folder | undefined): Promise<ResourceSettings> {
    return folder ? this.forResource(folder.uri) : this.resolveFor(undefined, undefined);
  }

  private async resolve(uri: string): Promise<ResourceSettings> {
    const located = this.workspace.locate(uri);
    return this.resolveFor(located.folder, uri);
  }

  private async resolveFor(folder: Folder | undefined, scopeUri: string | undefined): Promise<ResourceSettings> {
    const root = folder?.root;
    const editor = await this.pullEditorSettings(scopeUri);
    const fromFile = root ? this.fileConfig(root) : defaultConfig();
    const config = this.merge(fromFile, editor);
    const ctx = this.context(root, config);
    return { folder, root, config, ctx };
  }

  private async pullEditorSettings(scopeUri: string | undefined): Promise<unknown> {
    if (!this.options.pullConfiguration) return this.pushed;
    try {
      return await this.connection.workspace.getConfiguration({ scopeUri, section: SETTINGS_SECTION });
    } catch (e) {
      this.events.log(`workspace/configuration failed: ${(e as Error).message}`);
      return undefined;
    }
  }

  private fileConfig(root: string): SbdConfig {
    let entry = this.fileConfigs.get(root);
    if (!entry) {
      try {
        entry = { config: loadConfig(root, { trusted: this.options.trusted }), problems: [] };
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        entry = { config: defaultConfig(), problems: e.problems };
      }
      this.fileConfigs.set(root, entry);
    }
    this.reportInputProblems(root);
    return entry.config;
  }

  private reportInputProblems(root: string): void {
    const problems = [...(this.fileConfigs.get(root)?.problems ?? [])];
    for (const [key, c] of this.contexts) if (key.startsWith(`${root}\u0000`)) problems.push(...c.problems);
    this.events.inputProblems(root, problems);
  }

  private merge(base: SbdConfig, editor: unknown): SbdConfig {
    const overrides = editorOverrides(editor);
    if (Object.keys(overrides).length === 0) return base;
    const flat = flattenConfig(base);
    const accepted: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(overrides)) {
      try {
        resolveConfig({ [key]: value }, 'settings');
        accepted[key] = value;
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        for (const p of e.problems) this.reportSettingsProblem(`${SETTINGS_SECTION}: ${p.message}; the setting is ignored`);
      }
    }
    for (const [key, value] of Object.entries(accepted)) {
      flat[key] = key === 'rules' ? { ...(flat.rules as object), ...(value as object) } : value;
    }
    return resolveConfig(flat, 'settings');
  }

  private reportSettingsProblem(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.events.settingsProblem(message);
  }

  private context(root: string | undefined, config: SbdConfig): AnalysisContext {
    const key = `${root ?? ''}\u0000${JSON.stringify(config)}`;
    let entry = this.contexts.get(key);
    if (!entry) {
      try {
        entry = { ctx: createAnalysisContext(config, { root, trusted: this.options.trusted }), problems: [] };
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        // A broken workspace rule pack must not take the built-in rules down with it.
        entry = { ctx: createAnalysisContext(config, { root, trusted: false }), problems: e.problems };
      }
      if (this.contexts.size >= MAX_CONTEXTS) this.contexts.delete(this.contexts.keys().next().value as string);
      this.contexts.set(key, entry);
      if (root) this.reportInputProblems(root);
    }
    return entry.ctx;
  }
}

export { CONFIG_FILE };

function valueAt(obj: unknown, key: string): unknown {
  if (!obj || typeof obj !== 'object') return undefined;
  const record = obj as Record<string, unknown>;
  if (key in record) return record[key];
  let cur: unknown = obj;
  for (const part of key.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** The editor's values that differ from the defaults, by flat key. Unknown keys (trace.server) are not settings. */
export function editorOverrides(editor: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const def of SETTINGS) {
    const value = valueAt(editor, def.key);
    if (value === undefined || value === null || deepEqual(value, def.default)) continue;
    out[def.key] = value;
  }
  return out;
}

function flattenConfig(config: SbdConfig): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const def of SETTINGS) flat[def.key] = structuredClone(valueAt(config, def.key));
  return flat;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
