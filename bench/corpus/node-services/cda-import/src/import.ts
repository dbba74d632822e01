// Nightly import of referral documents that partner hospitals drop on our SFTP server: CDA XML,
// CSV problem lists with dotted FHIR-style headers, and the partner EPR's serialised encounter exports.
import fs from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import libxmljs from 'libxmljs';
import { deserialize as deserializeJs } from 'serialize-to-js';
import superjson from 'superjson';
import { parse as parseCsv } from 'csv-parse/sync';
import { store } from './store';

const INBOX = '/srv/sftp/partners';
const CACHE_FILE = '/var/cache/cda-import/code-systems.bin';

export async function importCda(file: string): Promise<void> {
  const xml = await fs.readFile(file, 'utf8');
  const doc = libxmljs.parseXml(xml, { noent: true, nocdata: true }); // sbd-bench: tp xxe
  await store.document(path.basename(file), doc.root()?.name() ?? 'ClinicalDocument', doc.toString(false));
}

export async function importCdaStrict(file: string): Promise<void> {
  const xml = await fs.readFile(file, 'utf8');
  if (/<!DOCTYPE/i.test(xml)) throw new Error(`${path.basename(file)}: DTDs are not accepted`);
  const doc = libxmljs.parseXml(xml, { nonet: true, noent: false }); // sbd-bench: tn xxe
  await store.document(path.basename(file), doc.root()?.name() ?? 'ClinicalDocument', doc.toString(false));
}

export async function validateAgainstPartnerDtd(file: string): Promise<string[]> {
  const xml = await fs.readFile(file, 'utf8');
  const doc = libxmljs.parseXml(xml, { dtdload: true, dtdattr: true, noent: true, nonet: false }); // sbd-bench: tp xxe
  return doc.validationErrors.map((e) => e.message);
}

export async function importEncounterExport(file: string): Promise<void> {
  const raw = await fs.readFile(file, 'utf8');
  const encounter = deserializeJs(raw); // sbd-bench: tp deserialization
  await store.encounter(encounter);
}

export async function importEncounterExportV2(file: string): Promise<void> {
  const raw = await fs.readFile(file, 'utf8');
  const encounter = superjson.parse(raw); // sbd-bench: tn deserialization
  await store.encounter(encounter);
}

export async function loadCodeSystemCache(): Promise<Map<string, string>> {
  return v8.deserialize(await fs.readFile(CACHE_FILE)) as Map<string, string>; // sbd-bench: tn deserialization
}

function unflatten(row: Record<string, string>): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [header, value] of Object.entries(row)) {
    const keys = header.split('.');
    let node = out;
    keys.slice(0, -1).forEach((k) => {
      node = node[k] = node[k] || {};
    });
    node[keys[keys.length - 1]] = value; // sbd-bench: tp prototype-pollution
  }
  return out;
}

export async function importProblemList(file: string): Promise<number> {
  const rows = parseCsv(await fs.readFile(file), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  for (const row of rows) await store.condition(unflatten(row));
  return rows.length;
}

// "ICD10:E11.9|SNOMED:44054006|..." — coded entries separated by pipes, as the partner EPR exports them.
const CODED_LIST = /^((\w+:)?[\w.]+\|?)*$/; // sbd-bench: tp redos

export function parseCodedList(field: string): string[] {
  if (!CODED_LIST.test(field)) throw new Error('malformed coded list');
  return field.split('|').filter(Boolean);
}

export async function pendingFiles(partner: string): Promise<string[]> {
  const dir = path.join(INBOX, path.basename(partner));
  return (await fs.readdir(dir)).filter((f) => /\.(xml|csv|ser)$/.test(f)).map((f) => path.join(dir, f)); // sbd-bench: tn redos
}
