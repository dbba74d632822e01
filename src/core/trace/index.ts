// The trace index: the model (per YAML file), tags (per source file), findings (per source file) and the
// package files, updated one file at a time. An update costs what parsing that one file costs; the joined
// graph and its gaps are computed on demand and cached until the next change.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import type ts from 'typescript';
import { AnalysisContext } from '../analysis/context';
import { createTypeAwareProgram } from '../analysis/type-aware';
import { Lockfile, PackageManifest, readLockfile, readManifest } from '../soup/packages';
import { Finding, InputError } from '../types';
import { SbdConfig } from '../workspace/config';
import { contentSkipReason, decodeSource, readFailure, SkippedFile, sourceFileSteps, toPosix } from '../workspace/files';
import { runToEnd, Steps } from '../workspace/steps';
import { scanFile } from '../workspace/scan';
import { Catalog, loadCatalog } from './catalog';
import { computeTrace, TraceGraph } from './graph';
import { AnyModelFile, loadModelText, ModelFile, ModelKind, ModelPatterns, modelPatterns } from './model';
import { extractTags } from './tags';
import { ActivityRecord, Gap, Requirement, SoupComponent, Tag, Threat } from './types';

export type ModelRole = ModelKind | 'manifest' | 'lockfile' | 'policy';

/** Files that publish a vulnerability disclosure policy (IEC 81001-5-1 4.1.7, 9.2), in order of preference. */
export const SECURITY_POLICY_FILES = ['SECURITY.md', '.github/SECURITY.md', 'docs/SECURITY.md', 'SECURITY.txt', '.well-known/security.txt'];
export const LOCKFILES = ['npm-shrinkwrap.json', 'package-lock.json'];

function normalize(relPath: string): string {
  return toPosix(relPath).replace(/^\.\//, '');
}

export interface TraceIndexOptions {
  catalog?: Catalog;
}

export class TraceIndex {
  readonly catalog: Catalog;
  private readonly patterns: ModelPatterns;
  private readonly paths: Record<ModelKind, string>;
  private readonly tags = new Map<string, Tag[]>();
  private readonly findings = new Map<string, Finding[]>();
  private findingsKnown = false;
  private readonly models = new Map<ModelKind, AnyModelFile>();
  private readonly manifests = new Map<string, PackageManifest>();
  private readonly lockfiles = new Map<string, Lockfile>();
  private readonly policies = new Set<string>();
  private cached: TraceGraph | undefined;
  /** Source files and folders buildTraceIndex could not read: their tags are missing from the graph. */
  readonly unreadable: SkippedFile[] = [];

  constructor(
    readonly config: SbdConfig,
    options: TraceIndexOptions = {},
  ) {
    this.catalog = options.catalog ?? loadCatalog();
    this.patterns = modelPatterns(config.trace.requirementIdPattern, config.trace.threatIdPattern);
    this.paths = {
      requirements: normalize(config.trace.requirements),
      threats: normalize(config.trace.threats),
      soup: normalize(config.trace.soup),
      activities: normalize(config.trace.activities),
    };
  }

  /** What a non-source file is to the trace graph, if anything. */
  modelRole(relPath: string): ModelRole | undefined {
    const rel = normalize(relPath);
    for (const kind of Object.keys(this.paths) as ModelKind[]) if (this.paths[kind] === rel) return kind;
    if (rel.split('/').includes('node_modules')) return undefined;
    if (rel === 'package.json' || rel.endsWith('/package.json')) return 'manifest';
    if (LOCKFILES.includes(rel)) return 'lockfile';
    if (SECURITY_POLICY_FILES.some((p) => p.toLowerCase() === rel.toLowerCase())) return 'policy';
    return undefined;
  }

  /** Re-reads one source file's tags. Returns them (the language server shows them per document). */
  updateSourceFile(relPath: string, text: string, sourceFile?: ts.SourceFile): Tag[] {
    const rel = normalize(relPath);
    const tags = extractTags(rel, text, this.config, sourceFile);
    const before = this.tags.get(rel);
    if (tags.length) this.tags.set(rel, tags);
    else this.tags.delete(rel);
    if (tags.length || before?.length) this.cached = undefined;
    return tags;
  }

  removeSourceFile(relPath: string): void {
    const rel = normalize(relPath);
    const had = this.tags.delete(rel);
    const hadFindings = this.findings.delete(rel);
    if (had || hadFindings) this.cached = undefined;
  }

  /** Findings of one file (from the analysis engine); those inside @implements scopes attach to the requirement. */
  setFindings(relPath: string, findings: readonly Finding[]): void {
    const rel = normalize(relPath);
    if (findings.length) this.findings.set(rel, [...findings]);
    else this.findings.delete(rel);
    this.findingsKnown = true;
    this.cached = undefined;
  }

  /** Re-reads a model, package or policy file. Returns false (and does nothing) for any other file. */
  updateModelFile(relPath: string, text: string): boolean {
    const rel = normalize(relPath);
    const role = this.modelRole(rel);
    if (!role) return false;
    switch (role) {
      case 'manifest':
        this.manifests.set(rel, readManifest(rel, text));
        break;
      case 'lockfile':
        this.lockfiles.set(rel, readLockfile(rel, text));
        break;
      case 'policy':
        if (text.trim()) this.policies.add(rel);
        else this.policies.delete(rel);
        break;
      default:
        this.models.set(role, loadModelText(role, rel, text, this.patterns));
    }
    this.cached = undefined;
    return true;
  }

  removeModelFile(relPath: string): void {
    const rel = normalize(relPath);
    const role = this.modelRole(rel);
    if (!role) return;
    if (role === 'manifest') this.manifests.delete(rel);
    else if (role === 'lockfile') this.lockfiles.delete(rel);
    else if (role === 'policy') this.policies.delete(rel);
    else this.models.delete(role);
    this.cached = undefined;
  }

  tagsOf(relPath: string): readonly Tag[] {
    return this.tags.get(normalize(relPath)) ?? [];
  }

  /** Source files that carry at least one tag. */
  taggedFiles(): string[] {
    return [...this.tags.keys()].sort();
  }

  /** The parsed model file of a kind (entries with positions, and its schema problems). */
  modelFile<K extends ModelKind>(kind: K): Extract<AnyModelFile, { kind: K }> | undefined {
    return this.models.get(kind) as Extract<AnyModelFile, { kind: K }> | undefined;
  }

  /** Workspace-relative path of a model file (from the settings). */
  modelPath(kind: ModelKind): string {
    return this.paths[kind];
  }

  /** The root package.json and the workspace packages it names (npm/yarn `workspaces`). */
  activeManifests(): PackageManifest[] {
    const root = this.manifests.get('package.json');
    if (!root) return [];
    const include = root.workspaces.filter((w) => !w.startsWith('!')).map((w) => normalize(w).replace(/\/$/, ''));
    const exclude = root.workspaces.filter((w) => w.startsWith('!')).map((w) => normalize(w.slice(1)).replace(/\/$/, ''));
    const members = [...this.manifests.values()]
      .filter((m) => m.dir !== '' && include.some((g) => minimatch(m.dir, g)) && !exclude.some((g) => minimatch(m.dir, g)))
      .sort((a, b) => (a.file < b.file ? -1 : 1));
    return [root, ...members];
  }

  graph(): TraceGraph {
    if (!this.cached) {
      const lockfile = LOCKFILES.map((f) => this.lockfiles.get(f)).find((l) => l !== undefined);
      const policy = SECURITY_POLICY_FILES.map((p) => [...this.policies].find((x) => x.toLowerCase() === p.toLowerCase())).find((x) => x !== undefined);
      this.cached = computeTrace({
        catalog: this.catalog,
        files: this.paths,
        requirements: this.models.get('requirements') as ModelFile<Requirement> | undefined,
        threats: this.models.get('threats') as ModelFile<Threat> | undefined,
        soup: this.models.get('soup') as ModelFile<SoupComponent> | undefined,
        activities: this.models.get('activities') as ModelFile<ActivityRecord> | undefined,
        tags: this.tags,
        findings: this.findings,
        findingsKnown: this.findingsKnown,
        manifests: this.activeManifests(),
        lockfile,
        securityPolicy: policy,
      });
    }
    return this.cached;
  }

  gaps(): Gap[] {
    return this.graph().gaps;
  }

  gapsForFile(relPath: string): Gap[] {
    const rel = normalize(relPath);
    return this.gaps().filter((g) => g.file === rel);
  }
}

export interface BuildOptions {
  /** When given, every source file is also analysed and its findings attached. */
  analysis?: AnalysisContext;
  onProgress?: (done: number, total: number, file: string) => void;
}

/** Reads a file that may be absent; any other read failure is the user's input problem (exit 2 in the CLI). */
export function readOptional(root: string, rel: string): string | undefined {
  try {
    return fs.readFileSync(path.join(root, rel), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new InputError([{ file: rel, line: 1, column: 1, message: `cannot read: ${code ?? (e as Error).message}` }]);
  }
}

const GLOB_CHARS = /[*?[\]{}!]/;

/** Folders matched by npm `workspaces` globs (the common forms: `packages/*`, `apps/**`, literal paths). */
export function expandWorkspaces(root: string, patterns: string[]): string[] {
  const include = patterns.filter((p) => !p.startsWith('!')).map((p) => normalize(p).replace(/\/$/, ''));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => normalize(p.slice(1)).replace(/\/$/, ''));
  const found = new Set<string>();
  for (const pattern of include) {
    const segments = pattern.split('/');
    const literal: string[] = [];
    while (segments.length && !GLOB_CHARS.test(segments[0])) literal.push(segments.shift()!);
    const base = literal.join('/');
    const maxDepth = segments.includes('**') ? 6 : segments.length;
    const walk = (rel: string, depth: number) => {
      if (minimatch(rel, pattern) && fs.existsSync(path.join(root, rel, 'package.json'))) found.add(rel);
      if (depth >= maxDepth) return;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) walk(rel ? `${rel}/${e.name}` : e.name, depth + 1);
      }
    };
    if (!segments.length) {
      if (fs.existsSync(path.join(root, base, 'package.json'))) found.add(base);
    } else walk(base, 0);
  }
  return [...found].filter((d) => d && !exclude.some((g) => minimatch(d, g))).sort();
}

/** Builds the index of a workspace from disk: source files, model files, package files, security policy. */
export function buildTraceIndex(root: string, config: SbdConfig, options: BuildOptions = {}): TraceIndex {
  return runToEnd(traceIndexSteps(root, config, options));
}

/** `buildTraceIndex` in steps (steps.ts): one per folder listed and per file read. */
export function* traceIndexSteps(root: string, config: SbdConfig, options: BuildOptions = {}): Steps<TraceIndex> {
  const index = new TraceIndex(config);
  const listing = yield* sourceFileSteps(root, config);
  const maxBytes = config.maxFileSizeKb * 1024;
  // Same findings as `sbd scan` in the same configuration.
  const analyzeOptions = options.analysis && config.typeAware ? { typeAware: createTypeAwareProgram(root, listing.files) } : {};
  index.unreadable.push(...listing.skipped.filter((s) => s.reason.startsWith('cannot read')));
  for (const [i, rel] of listing.files.entries()) {
    yield;
    options.onProgress?.(i, listing.files.length, rel);
    if (options.analysis) {
      const r = scanFile(root, rel, options.analysis, maxBytes, analyzeOptions);
      if ('skipped' in r) {
        if (r.skipped.startsWith('cannot read')) index.unreadable.push({ file: rel, reason: r.skipped });
        continue;
      }
      index.updateSourceFile(rel, r.text);
      index.setFindings(rel, r.findings);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path.join(root, rel));
    } catch (e) {
      // Vanished: nothing to index. Unreadable: named, since its tags are missing from the graph.
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') index.unreadable.push({ file: rel, reason: `cannot read: ${readFailure(e)}` });
      continue;
    }
    if (contentSkipReason(bytes, maxBytes)) continue;
    index.updateSourceFile(rel, decodeSource(bytes));
  }
  for (const kind of ['requirements', 'threats', 'soup', 'activities'] as const) {
    const rel = index.modelPath(kind);
    const text = readOptional(root, rel);
    if (text !== undefined) index.updateModelFile(rel, text);
  }
  const manifest = readOptional(root, 'package.json');
  if (manifest !== undefined) {
    index.updateModelFile('package.json', manifest);
    const root0 = readManifest('package.json', manifest);
    for (const dir of expandWorkspaces(root, root0.workspaces)) {
      const text = readOptional(root, `${dir}/package.json`);
      if (text !== undefined) index.updateModelFile(`${dir}/package.json`, text);
    }
  }
  for (const rel of [...LOCKFILES, ...SECURITY_POLICY_FILES]) {
    const text = readOptional(root, rel);
    if (text !== undefined) index.updateModelFile(rel, text);
  }
  return index;
}
