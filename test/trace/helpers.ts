import * as fs from 'node:fs';
import * as path from 'node:path';
import { TraceIndex } from '../../src/core/trace/index';
import { Gap } from '../../src/core/trace/types';
import { defaultConfig, SbdConfig } from '../../src/core/workspace/config';
import { makeTempDir } from '../temp-dir';

/** Creates a temporary workspace from a map of relative path → content. */
export function tempWorkspace(files: Record<string, string | Buffer>): string {
  const root = makeTempDir('sbd-trace-');
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
  return root;
}

export function config(overrides: Partial<SbdConfig['trace']> = {}): SbdConfig {
  const c = defaultConfig();
  Object.assign(c.trace, overrides);
  return c;
}

/** An index fed from memory: source files (.ts/.js…) go through updateSourceFile, everything else through updateModelFile. */
export function indexOf(files: Record<string, string>, cfg: SbdConfig = config()): TraceIndex {
  const index = new TraceIndex(cfg);
  for (const [rel, text] of Object.entries(files)) {
    if (/\.[cm]?[jt]sx?$/.test(rel)) index.updateSourceFile(rel, text);
    else if (!index.updateModelFile(rel, text)) throw new Error(`${rel} is neither source nor a model file`);
  }
  return index;
}

/** "kind id file:line" per gap, for compact assertions. */
export function gapList(gaps: Gap[]): string[] {
  return gaps.map((g) => `${g.kind} ${g.id} ${g.file}:${g.line}`);
}

export function kinds(gaps: Gap[]): string[] {
  return [...new Set(gaps.map((g) => g.kind))].sort();
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
