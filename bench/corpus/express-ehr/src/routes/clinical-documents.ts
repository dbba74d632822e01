// Clinical document exchange: referral letters (CDA R2 XML) from GP systems, C-CDA from partner
// hospitals, patient-held records as YAML from the patient app, and FHIR JSON Patch updates.
import { Router, text, json } from 'express';
import libxmljs from 'libxmljs2';
import { parseStringPromise } from 'xml2js';
import { XMLParser } from 'fast-xml-parser';
import { DOMParser } from '@xmldom/xmldom';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import yaml from 'js-yaml'; // js-yaml 4: load() uses the safe default schema
import { all as jsTypes } from 'js-yaml-js-types';
import serialize from 'node-serialize';
import { documents, patientsRepo } from '../db/documents';
import { requireClinician } from '../middleware/tokens';

export const clinicalDocuments = Router();
clinicalDocuments.use(requireClinician);

clinicalDocuments.post('/cda', text({ type: ['application/xml', 'text/xml'], limit: '5mb' }), async (req, res) => {
  const doc = libxmljs.parseXml(req.body, { noent: true, noblanks: true }); // sbd-bench: tp xxe
  const title = doc.get('//*[local-name()="title"]')?.text() ?? 'Untitled';
  res.status(201).json(await documents.store('cda', title, doc.toString()));
});

clinicalDocuments.post('/cda/v2', text({ type: 'application/xml', limit: '5mb' }), async (req, res) => {
  const doc = libxmljs.parseXml(req.body, { noblanks: true, nonet: true }); // sbd-bench: tn xxe
  const title = doc.get('//*[local-name()="title"]')?.text() ?? 'Untitled';
  res.status(201).json(await documents.store('cda', title, doc.toString()));
});

clinicalDocuments.post('/ccda', text({ type: 'application/xml', limit: '10mb' }), async (req, res) => {
  const parsed = await parseStringPromise(req.body, { explicitArray: false }); // sbd-bench: tn xxe
  res.status(201).json(await documents.store('ccda', parsed.ClinicalDocument?.title ?? 'C-CDA', req.body));
});

clinicalDocuments.post('/ccda/validate', text({ type: 'application/xml', limit: '10mb' }), async (req, res) => {
  const file = path.join(tmpdir(), `${randomUUID()}.xml`);
  await writeFile(file, req.body);
  execFile('xmllint', ['--noent', '--noout', '--schema', '/opt/hl7/ccda/CDA.xsd', file], (err, _out, stderr) => { // sbd-bench: tp xxe
    res.json({ valid: !err, messages: err ? stderr.split('\n').filter(Boolean).length : 0 });
  });
});

clinicalDocuments.post('/ccda/summary', text({ type: 'application/xml', limit: '10mb' }), async (req, res) => {
  const parser = new XMLParser({ ignoreAttributes: false, processEntities: false }); // sbd-bench: tn xxe
  const ccda = parser.parse(req.body);
  res.json({ sections: ccda.ClinicalDocument?.component?.structuredBody?.component?.length ?? 0 });
});

clinicalDocuments.post('/referral/preview', text({ type: 'application/xml' }), (req, res) => {
  const doc = new DOMParser().parseFromString(req.body, 'text/xml'); // sbd-bench: tn xxe
  res.json({ author: doc.getElementsByTagName('assignedAuthor').length > 0 });
});

clinicalDocuments.post('/patient-record', text({ type: ['application/yaml', 'text/yaml'] }), async (req, res) => {
  const record = yaml.load(req.body); // sbd-bench: tn deserialization
  res.status(201).json(await documents.store('phr', 'Patient-held record', JSON.stringify(record)));
});

clinicalDocuments.post('/patient-record/legacy', text({ type: 'text/plain' }), async (req, res) => {
  const record = serialize.unserialize(Buffer.from(req.body, 'base64').toString('utf8')); // sbd-bench: tp deserialization
  res.status(201).json(await documents.store('phr', 'Patient-held record (legacy)', JSON.stringify(record)));
});

clinicalDocuments.post('/patient-record/bundle', text({ type: 'text/yaml' }), async (req, res) => {
  const entries: unknown[] = [];
  yaml.loadAll(req.body, (entry) => entries.push(entry), { schema: yaml.DEFAULT_SCHEMA.extend(jsTypes) }); // sbd-bench: tp deserialization
  res.status(201).json({ count: entries.length });
});

type PatchOp = { op: 'replace' | 'add'; path: string; value: unknown };

function applyPatch(resource: Record<string, any>, ops: PatchOp[]) {
  for (const { path: pointer, value } of ops) {
    const segments = pointer.split('/').slice(1);
    const last = segments.pop() as string;
    let parent = resource;
    for (const segment of segments) parent = parent[segment] ??= {};
    parent[last] = value; // sbd-bench: tp prototype-pollution
  }
  return resource;
}

const SAFE_SEGMENT = /^(?:[a-zA-Z][a-zA-Z0-9]*|\d{1,4})$/;

function applyPatchChecked(resource: Record<string, any>, ops: PatchOp[]) {
  for (const { path: pointer, value } of ops) {
    const segments = pointer.split('/').slice(1);
    if (!segments.every((s) => SAFE_SEGMENT.test(s) && s !== 'constructor' && s !== 'prototype')) throw new Error('bad pointer');
    const last = segments.pop() as string;
    let parent = resource;
    for (const segment of segments) parent = parent[segment] ??= {};
    parent[last] = value; // sbd-bench: tn prototype-pollution
  }
  return resource;
}

clinicalDocuments.patch('/patients/:id', json({ type: 'application/json-patch+json' }), async (req, res) => {
  const patient = await patientsRepo.load(req.params.id);
  res.json(await patientsRepo.save(applyPatch(patient, req.body)));
});

clinicalDocuments.patch('/patients/:id/v2', json({ type: 'application/json-patch+json' }), async (req, res) => {
  const patient = await patientsRepo.load(req.params.id);
  res.json(await patientsRepo.save(applyPatchChecked(patient, req.body)));
});

clinicalDocuments.get('/search', async (req, res) => {
  const term = String(req.query.q ?? '');
  const matcher = new RegExp(term, 'i'); // sbd-bench: tp redos
  const recent = await documents.recentTitles(500);
  res.json(recent.filter((d) => matcher.test(d.title)).slice(0, 20));
});

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); // sbd-bench: tn redos

clinicalDocuments.get('/search/v2', async (req, res) => {
  const term = String(req.query.q ?? '').slice(0, 64);
  const matcher = new RegExp(escapeRegExp(term), 'i'); // sbd-bench: tn redos
  const recent = await documents.recentTitles(500);
  res.json(recent.filter((d) => matcher.test(d.title)).slice(0, 20));
});
