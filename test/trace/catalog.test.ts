import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { EVIDENCE_KINDS, findCatalogFile, loadCatalog, parseCatalog } from '../../src/core/trace/catalog';
import { REPO_ROOT } from './helpers';
import { makeTempDir } from '../temp-dir';

// Every clause of sections 4-9 listed in shared/REGULATORY.md.
const CLAUSES = [
  '4.1.1', '4.1.2', '4.1.3', '4.1.4', '4.1.5', '4.1.6', '4.1.7', '4.1.8', '4.1.9', '4.2', '4.3',
  '5.1.1', '5.1.2', '5.1.3', '5.2.1', '5.2.2', '5.2.3', '5.3.1', '5.3.2', '5.3.3', '5.4.1', '5.4.2', '5.4.3', '5.4.4',
  '5.5.1', '5.5.2', '5.6', '5.7.1', '5.7.2', '5.7.3', '5.7.4', '5.7.5', '5.8.1', '5.8.2', '5.8.3', '5.8.4', '5.8.5', '5.8.6', '5.8.7',
  '6.1.1', '6.2.1', '6.2.2', '6.3.1', '6.3.2', '6.3.3',
  '7.1.1', '7.1.2', '7.2', '7.3', '7.4', '7.5',
  '8',
  '9.1', '9.2', '9.3', '9.4', '9.5',
];

test('the catalog lists exactly the clauses of sections 4-9, in order', () => {
  const catalog = loadCatalog();
  assert.deepEqual(catalog.activities.map((a) => a.id), CLAUSES);
  for (const a of catalog.activities) {
    assert.equal(a.section, Number(a.id.split('.')[0]));
    assert.ok(EVIDENCE_KINDS.includes(a.evidence), `${a.id}: ${a.evidence}`);
    assert.ok(a.title.length > 5 && a.title.length < 80, `${a.id}: short title`);
  }
});

test('the IEC 62443-4-1 crosswalk follows REGULATORY.md, inferred ones marked', () => {
  const byId = loadCatalog().byId;
  const published = { '7.1.1': ['SR-1'], '7.1.2': ['SR-1'], '7.3': ['SR-2'], '7.4': ['SR-3'] };
  const inferred = {
    '5.1.2': ['SM-7'], '5.5.1': ['SI-2'], '5.5.2': ['SI-1'], '5.3.1': ['SD-2'], '5.3.3': ['SD-3'],
    '5.7.1': ['SVV-1'], '5.7.2': ['SVV-2'], '5.7.3': ['SVV-3'], '5.7.4': ['SVV-4'], '5.7.5': ['SVV-5'],
    '5.8.3': ['SM-6'], '5.8.4': ['SM-8'], '6.1.1': ['SUM-5'], '9.2': ['DM-1'], '4.1.7': ['DM-5'], '4.1.8': ['DM-6'],
  };
  for (const [id, practices] of Object.entries(published)) {
    assert.deepEqual(byId.get(id)!.iec62443, practices, id);
    assert.equal(byId.get(id)!.inferred, false, id);
  }
  for (const [id, practices] of Object.entries(inferred)) {
    assert.deepEqual(byId.get(id)!.iec62443, practices, id);
    assert.equal(byId.get(id)!.inferred, true, id);
  }
  const mapped = new Set([...Object.keys(published), ...Object.keys(inferred)]);
  for (const a of loadCatalog().activities) if (!mapped.has(a.id)) assert.deepEqual(a.iec62443, [], a.id);
});

test('every clause cited by a built-in rule is in the catalog', () => {
  const ids = loadCatalog().byId;
  const dir = path.join(REPO_ROOT, 'rules');
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.yaml') && x !== 'iec81001-5-1.yaml')) {
    const pack = parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { rules?: { id: string; iec81001?: string[] }[] };
    for (const r of pack.rules ?? []) for (const c of r.iec81001 ?? []) assert.ok(ids.has(c), `${f} ${r.id}: ${c}`);
  }
});

test('the catalog is found by walking up from a bundle folder', () => {
  const root = makeTempDir('sbd-catalog-');
  fs.mkdirSync(path.join(root, 'rules'));
  fs.copyFileSync(path.join(REPO_ROOT, 'rules', 'iec81001-5-1.yaml'), path.join(root, 'rules', 'iec81001-5-1.yaml'));
  fs.mkdirSync(path.join(root, 'dist', 'server'), { recursive: true });
  assert.equal(findCatalogFile(path.join(root, 'dist', 'server')), path.join(root, 'rules', 'iec81001-5-1.yaml'));
  assert.throws(() => findCatalogFile(os.tmpdir() === '/' ? '/nonexistent' : path.parse(root).root), /not found/);
});

test('a malformed catalog is rejected with the entry named', () => {
  assert.throws(() => parseCatalog('activities:\n  - { id: 5.2, section: 5, title: x, evidence: manual, iec62443: [] }\n'), /activities\[0\]: id must be a quoted clause id/);
  assert.throws(() => parseCatalog('activities:\n  - { id: "5.2", section: 5, title: xyz, evidence: magic, iec62443: [] }\n'), /evidence must be one of/);
  assert.throws(() => parseCatalog('nothing: 1\n'), /no top-level activities/);
});
