// Reads rule fixtures: source files under test/fixtures/rules/<family>/ with trailing expectation markers.
// The format is described in test/fixtures/rules/README.md; fixtures.test.ts runs them and
// catalog.test.ts checks that every rule has some.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { Finding } from '../../src/core/types';
import { applyEditGroups } from '../../src/core/workspace/apply-fixes';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES_ROOT = path.join(REPO_ROOT, 'test', 'fixtures', 'rules');

/** Suppression expiry is judged against this date, so fixtures do not change meaning as time passes. */
export const FIXTURE_TODAY = '2026-01-15';

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

export type Confidence = 'high' | 'medium' | 'low';

export interface Marker {
  kind: 'expect' | 'ok';
  ruleId: string;
  /** 0-based line the marker sits on (and the finding must start on). */
  line: number;
  confidence?: Confidence;
  suppressed: boolean;
}

export interface Fixture {
  /** Absolute path. */
  file: string;
  /** Path below the fixtures root, with forward slashes (also the relPath given to the engine). */
  rel: string;
  family: string;
  text: string;
  lines: string[];
  markers: Marker[];
  /** `// fixture: …` words from the file header, e.g. `syntax-errors`. */
  directives: Set<string>;
  /** Absolute path of the `X.fixed.ext` sibling, when there is one. */
  fixedFile?: string;
  /** Problems with the fixture itself (bad markers). */
  problems: string[];
}

const FIXED_INFIX = '.fixed';

function sourceExtension(name: string): string | undefined {
  return SOURCE_EXTENSIONS.find((e) => name.endsWith(e));
}

export function isFixedFile(name: string): boolean {
  const ext = sourceExtension(name);
  return ext !== undefined && name.slice(0, -ext.length).endsWith(FIXED_INFIX);
}

/** `a/b.tsx` → `a/b.fixed.tsx`. */
export function fixedPathOf(file: string): string {
  const ext = sourceExtension(file) ?? path.extname(file);
  return `${file.slice(0, -ext.length)}${FIXED_INFIX}${ext}`;
}

/**
 * Every fixture source file below `root`, sorted. Folders whose name starts with `_` (e.g. `_pending`)
 * or `.` are not loaded; `X.fixed.ext` files are expected outputs, not fixtures of their own.
 */
export function listFixtureFiles(root = FIXTURES_ROOT): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (sourceExtension(entry.name) && !isFixedFile(entry.name)) out.push(full);
    }
  };
  walk(root);
  return out;
}

/** Files in the fixture tree that are neither fixtures, expected outputs nor documentation. */
export function strayFiles(root = FIXTURES_ROOT): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!sourceExtension(entry.name) && !entry.name.endsWith('.md')) out.push(full);
      else if (isFixedFile(entry.name)) {
        const ext = sourceExtension(entry.name)!;
        const original = `${full.slice(0, -(FIXED_INFIX.length + ext.length))}${ext}`;
        if (!fs.existsSync(original)) out.push(full);
      }
    }
  };
  walk(root);
  return out;
}

const MARKER_START = /(?:\/\/|\/\*)\s*(?:expect|ok)\b/g;
/** `// expect: …` runs to the end of the line; `/* expect: … *\/` (also inside JSX braces) ends at its `*\/`. */
const MARKER = /\/\/\s*((?:expect|ok)\s*:.*)$|\/\*\s*((?:expect|ok)\s*:.*?)\*\//y;
const CLAUSE = /^(expect|ok)\s*:\s*(.+)$/;
const ITEM = /^([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)((?:\s+\S+)*)$/;
const DIRECTIVE = /^\s*\/\/\s*fixture:\s*(.+)$/;
const KNOWN_DIRECTIVES = new Set(['syntax-errors']);

/** Parses the markers of one line; `problems` receives anything that looks like a marker but is malformed. */
export function parseLineMarkers(lineText: string, line: number, problems: string[], where: string): Marker[] {
  const out: Marker[] = [];
  for (const start of lineText.matchAll(MARKER_START)) {
    MARKER.lastIndex = start.index;
    const m = MARKER.exec(lineText);
    if (!m) {
      problems.push(`${where}: malformed marker (expected "// expect: RULE-ID", "// ok: RULE-ID" or "/* expect: RULE-ID */"): ${lineText.trim()}`);
      continue;
    }
    out.push(...parseMarkerBody((m[1] ?? m[2]).trim(), line, problems, where));
    if (m[1] !== undefined) break; // a line comment runs to the end of the line
  }
  return out;
}

function parseMarkerBody(body: string, line: number, problems: string[], where: string): Marker[] {
  const out: Marker[] = [];
  for (const clauseText of body.split(';').map((s) => s.trim()).filter(Boolean)) {
    const clause = CLAUSE.exec(clauseText);
    if (!clause) {
      problems.push(`${where}: malformed marker clause "${clauseText}"`);
      continue;
    }
    const kind = clause[1] as 'expect' | 'ok';
    for (const itemText of clause[2].split(',').map((s) => s.trim())) {
      const item = ITEM.exec(itemText);
      if (!item) {
        problems.push(`${where}: malformed marker item "${itemText}"`);
        continue;
      }
      const marker: Marker = { kind, ruleId: item[1], line, suppressed: false };
      for (const option of item[2].trim().split(/\s+/).filter(Boolean)) {
        const conf = /^confidence=(high|medium|low)$/.exec(option);
        if (conf && kind === 'expect') marker.confidence = conf[1] as Confidence;
        else if (option === 'suppressed' && kind === 'expect') marker.suppressed = true;
        else problems.push(`${where}: unknown marker option "${option}" for ${kind}: ${item[1]}`);
      }
      out.push(marker);
    }
  }
  return out;
}

export function loadFixture(file: string, root = FIXTURES_ROOT): Fixture {
  const rel = path.relative(root, file).split(path.sep).join('/');
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const problems: string[] = [];
  const markers: Marker[] = [];
  const directives = new Set<string>();
  lines.forEach((lineText, i) => {
    const d = DIRECTIVE.exec(lineText);
    if (d) {
      for (const word of d[1].trim().split(/[\s,]+/)) {
        if (KNOWN_DIRECTIVES.has(word)) directives.add(word);
        else problems.push(`${rel}:${i + 1}: unknown fixture directive "${word}"`);
      }
      return;
    }
    markers.push(...parseLineMarkers(lineText, i, problems, `${rel}:${i + 1}`));
  });
  for (const m of markers) {
    if (m.kind === 'ok' && markers.some((o) => o.kind === 'expect' && o.line === m.line && o.ruleId === m.ruleId)) {
      problems.push(`${rel}:${m.line + 1}: ${m.ruleId} is both expected and ok on the same line`);
    }
  }
  const fixed = fixedPathOf(file);
  return {
    file,
    rel,
    family: rel.split('/')[0],
    text,
    lines,
    markers,
    directives,
    fixedFile: fs.existsSync(fixed) ? fixed : undefined,
    problems,
  };
}

/**
 * The families a fixture is strict about: its folder's and those of every rule its markers name. Every
 * finding of these families must be expected; findings of other families are not this file's subject.
 */
export function strictFamilies(fx: Fixture, familyOf: ReadonlyMap<string, string>): Set<string> {
  const out = new Set([fx.family]);
  for (const m of fx.markers) {
    const family = familyOf.get(m.ruleId);
    if (family) out.add(family);
  }
  return out;
}

/**
 * The fixes a `.fixed` sibling is compared with: the first fix of every finding of the fixture's own
 * families that is not suppressed (an express fixture about SQL is not also a security-headers fixture).
 */
export function fixesToApply(findings: readonly Finding[], families: ReadonlySet<string>): Finding[] {
  return findings.filter((f) => !f.suppression && f.fixes.length > 0 && families.has(f.family));
}

export interface AppliedFixes {
  text: string;
  /** Findings whose first fix was applied. */
  applied: Finding[];
  /** Findings whose first fix overlapped an earlier one and was dropped. */
  dropped: Finding[];
  /** 0-based lines of the fixed text that the applied edits wrote, per rule id. */
  touchedLines: Map<string, Set<number>>;
}

export function applyFirstFixes(text: string, findings: readonly Finding[], families: ReadonlySet<string>): AppliedFixes {
  const withFix = fixesToApply(findings, families);
  const result = applyEditGroups(
    text,
    withFix.map((f) => f.fixes[0].edits),
  );
  const accepted = new Set(result.accepted);
  const applied = withFix.filter((_, i) => accepted.has(i));
  const dropped = withFix.filter((_, i) => !accepted.has(i));

  // Map the edits' lines into the fixed text: each earlier edit shifts later lines by the newlines it adds.
  const edits = applied
    .flatMap((f) => f.fixes[0].edits.map((e) => ({ ruleId: f.ruleId, e })))
    .sort((a, b) => a.e.range.start.line - b.e.range.start.line || a.e.range.start.character - b.e.range.start.character);
  const touchedLines = new Map<string, Set<number>>();
  let shift = 0;
  // Fixes that share an edit (one import for several calls) had it applied once: it shifts lines once.
  const firstLineOf = new Map<string, number>();
  for (const { ruleId, e } of edits) {
    const added = e.newText.split('\n').length - 1;
    const key = JSON.stringify(e);
    const first = firstLineOf.get(key) ?? e.range.start.line + shift;
    const set = touchedLines.get(ruleId) ?? new Set<number>();
    for (let l = first; l <= first + added; l++) set.add(l);
    touchedLines.set(ruleId, set);
    if (!firstLineOf.has(key)) {
      firstLineOf.set(key, first);
      shift += added - (e.range.end.line - e.range.start.line);
    }
  }
  return { text: result.text, applied, dropped, touchedLines };
}

/** First differing line of two texts, for readable failures. */
export function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      return `line ${i + 1}:\n  expected: ${a[i] === undefined ? '(end of file)' : JSON.stringify(a[i])}\n  actual:   ${b[i] === undefined ? '(end of file)' : JSON.stringify(b[i])}`;
    }
  }
  return 'texts are equal';
}
