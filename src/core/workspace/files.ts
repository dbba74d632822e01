import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { Ignore } from 'ignore';
import { Minimatch } from 'minimatch';
import { SbdConfig } from './config';
import { runToEnd, Steps } from './steps';

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface FileListing {
  /** Workspace-relative paths with forward slashes, sorted. */
  files: string[];
  skipped: SkippedFile[];
}

const ALWAYS_SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

const compiled = new Map<string, Minimatch>();

/** Globs are compiled once: matching thousands of paths against a fresh pattern each time dominated listing. */
function matcher(glob: string): Minimatch {
  let m = compiled.get(glob);
  if (!m) {
    m = new Minimatch(glob, { dot: true, matchBase: !glob.includes('/') });
    compiled.set(glob, m);
  }
  return m;
}

export function matchesAny(relPath: string, globs: readonly string[]): boolean {
  return globs.some((g) => matcher(g).match(relPath));
}

interface IgnoreLayer {
  dir: string; // workspace-relative, '' for the root
  rules: Ignore;
}

/** Why a read failed, for a one-line message: "permission denied (EACCES)", or the error code. */
export function readFailure(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`;
  return code ?? (e as Error).message;
}

/** A folder's .gitignore; one that exists but cannot be read is named in `skipped` (its patterns cannot apply). */
function readGitignore(absDir: string, relDir: string, skipped: SkippedFile[]): Ignore | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(absDir, '.gitignore'), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') {
      skipped.push({ file: relDir ? `${relDir}/.gitignore` : '.gitignore', reason: `cannot read: ${readFailure(e)} (its patterns are not applied)` });
    }
    return undefined;
  }
  return ignore().add(text);
}

function isIgnored(layers: IgnoreLayer[], rel: string, isDir: boolean): boolean {
  for (const layer of layers) {
    const sub = layer.dir ? rel.slice(layer.dir.length + 1) : rel;
    if (sub && layer.rules.ignores(isDir ? `${sub}/` : sub)) return true;
  }
  return false;
}

/**
 * Lists the source files to analyse under `root`, honouring .gitignore files (nested ones too), the
 * include/exclude globs, and never entering node_modules or following directory symlinks (which could
 * loop). `only` restricts the walk to the given workspace-relative files or folders.
 */
export function listSourceFiles(root: string, config: SbdConfig, only?: string[]): FileListing {
  return runToEnd(sourceFileSteps(root, config, only));
}

/** `listSourceFiles` in steps (steps.ts): one per folder read. */
export function* sourceFileSteps(root: string, config: SbdConfig, only?: string[]): Steps<FileListing> {
  const files: string[] = [];
  const skipped: SkippedFile[] = [];
  function* visit(relDir: string, layers: IgnoreLayer[]): Steps<void> {
    const absDir = path.join(root, relDir);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(absDir, { withFileTypes: true });
    } catch (e) {
      skipped.push({ file: relDir || '.', reason: `cannot read folder: ${readFailure(e)}` });
      return;
    }
    yield;
    const own = entries.some((e) => e.name === '.gitignore') ? readGitignore(absDir, relDir, skipped) : undefined;
    const active = own ? [...layers, { dir: relDir, rules: own }] : layers;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED_DIRS.has(entry.name) || isIgnored(active, rel, true)) continue;
        if (matchesAny(`${rel}/`, config.exclude) || matchesAny(`${rel}/x`, config.exclude.filter((g) => g.endsWith('/**')))) continue;
        yield* visit(rel, active);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        if (entry.isSymbolicLink() && !isRegularFileTarget(path.join(root, rel))) continue;
        if (isIgnored(active, rel, false)) continue;
        if (!matchesAny(rel, config.include) || matchesAny(rel, config.exclude)) continue;
        files.push(rel);
      }
    }
  }

  if (!only || only.length === 0) {
    yield* visit('', []);
  } else {
    const rootIgnore = readGitignore(root, '', skipped);
    const layers = rootIgnore ? [{ dir: '', rules: rootIgnore }] : [];
    for (const item of only) {
      const rel = toPosix(path.relative(root, path.resolve(root, item)));
      let stat: fs.Stats;
      try {
        stat = fs.statSync(path.join(root, rel));
      } catch {
        skipped.push({ file: rel, reason: 'no such file or folder' });
        continue;
      }
      if (stat.isDirectory()) yield* visit(rel === '' ? '' : rel, layers);
      else files.push(rel); // a file named explicitly is analysed even if globs would leave it out
    }
  }
  return { files: [...new Set(files)].sort(), skipped };
}

function isRegularFileTarget(abs: string): boolean {
  try {
    return fs.statSync(abs).isFile();
  } catch {
    return false;
  }
}

/** Why a file's content should not be analysed (binary, minified, too large), or undefined. */
export function contentSkipReason(bytes: Buffer, maxBytes: number): string | undefined {
  if (bytes.length > maxBytes) return `larger than ${Math.round(maxBytes / 1024)} KiB`;
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return 'binary content';
  if (looksMinified(bytes)) return 'minified bundle';
  return undefined;
}

function looksMinified(bytes: Buffer): boolean {
  if (bytes.length < 4096) return false;
  let lines = 1;
  let longest = 0;
  // Native indexOf over the bytes: a byte-by-byte loop in JS cost as much as parsing small files.
  for (let start = 0; start < bytes.length; lines++) {
    const nl = bytes.indexOf(10, start);
    const end = nl < 0 ? bytes.length : nl;
    if (end - start > longest) longest = end - start;
    start = end + 1;
  }
  // Bundlers put thousands of characters on a line; hand-written code averages well under 100.
  return longest > 2000 && bytes.length / lines > 300;
}

/** Decodes a source file: strips a BOM, replaces invalid UTF-8 (never throws). */
export function decodeSource(bytes: Buffer): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
