// Reads the `// sbd-bench: tp <family>` / `tn <family>` labels of the accuracy corpus.
import fs from 'node:fs';
import path from 'node:path';
import { Family, isFamily } from './families';

export type LabelKind = 'tp' | 'tn';

export interface Label {
  /** Corpus-relative path with forward slashes. */
  file: string;
  /** 1-based line of the label comment (the line where the flagged expression starts). */
  line: number;
  kind: LabelKind;
  family: Family;
}

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const LABEL = /sbd-bench:\s*(\S+)\s+(\S+?)(?=\s|\*\/|$)/g;

export class LabelError extends Error {}

/** Corpus-relative source files, sorted, skipping dot-folders and node_modules. */
export function corpusFiles(corpusDir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(corpusDir, rel), { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (SOURCE_EXTENSIONS.includes(path.extname(entry.name)) && !entry.name.endsWith('.d.ts')) out.push(child);
    }
  };
  walk('');
  return out.sort();
}

export function parseLabels(file: string, text: string): Label[] {
  const labels: Label[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((lineText, i) => {
    const matches = [...lineText.matchAll(LABEL)];
    if (matches.length > 1) problems.push(`${file}:${i + 1}: more than one label on a line`);
    for (const m of matches.slice(0, 1)) {
      const [, kind, family] = m;
      if (kind !== 'tp' && kind !== 'tn') problems.push(`${file}:${i + 1}: label kind must be tp or tn, got "${kind}"`);
      else if (!isFamily(family)) problems.push(`${file}:${i + 1}: unknown family "${family}"`);
      else labels.push({ file, line: i + 1, kind, family });
    }
  });
  if (problems.length > 0) throw new LabelError(problems.join('\n'));
  return labels;
}

export function collectLabels(corpusDir: string): Label[] {
  const problems: string[] = [];
  const labels: Label[] = [];
  for (const file of corpusFiles(corpusDir)) {
    try {
      labels.push(...parseLabels(file, fs.readFileSync(path.join(corpusDir, file), 'utf8')));
    } catch (err) {
      if (err instanceof LabelError) problems.push(err.message);
      else throw err;
    }
  }
  if (problems.length > 0) throw new LabelError(problems.join('\n'));
  return labels;
}
