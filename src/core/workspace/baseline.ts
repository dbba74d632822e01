import * as fs from 'node:fs';
import { Finding, InputError } from '../types';
import { writeFileAtomic } from './atomic';

export interface Baseline {
  version: 1;
  fingerprints: { fingerprint: string; ruleId: string; file: string }[];
}

/** A baseline records accepted, pre-existing findings by fingerprint (never by line number). */
export function createBaseline(findings: Finding[]): Baseline {
  const entries = findings
    .filter((f) => !f.suppression)
    .map((f) => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.ruleId.localeCompare(b.ruleId) || a.fingerprint.localeCompare(b.fingerprint));
  return { version: 1, fingerprints: entries };
}

export function writeBaseline(file: string, findings: Finding[]): Baseline {
  const baseline = createBaseline(findings);
  writeFileAtomic(file, `${JSON.stringify(baseline, null, 2)}\n`);
  return baseline;
}

export function readBaseline(file: string, display = file): Set<string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError([{ file: display, line: 1, column: 1, message: `cannot read baseline: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` }]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError([{ file: display, line: 1, column: 1, message: `baseline is not valid JSON: ${(e as Error).message}` }]);
  }
  const list = (data as Baseline)?.fingerprints;
  if (!Array.isArray(list) || list.some((e) => typeof e?.fingerprint !== 'string')) {
    throw new InputError([{ file: display, line: 1, column: 1, message: 'baseline must be { "version": 1, "fingerprints": [{ "fingerprint": … }] } (write one with `sbd baseline`)' }]);
  }
  return new Set(list.map((e) => e.fingerprint));
}
