import got from 'got';
import { Agent as HttpsAgent } from 'node:https';
import pino from 'pino';
import { MongoClient } from 'mongodb';

const log = pino();

interface FhirBundle<T> {
  resourceType: 'Bundle';
  entry?: { resource: T }[];
  link?: { relation: string; url: string }[];
}

interface FhirPatient {
  resourceType: 'Patient';
  id: string;
  identifier?: { system: string; value: string }[];
  name?: { family?: string; given?: string[] }[];
  birthDate?: string;
}

interface FhirObservation {
  resourceType: 'Observation';
  id: string;
  subject: { reference: string };
  code: { coding: { system: string; code: string; display?: string }[] };
  valueQuantity?: { value: number; unit: string };
}

const source = got.extend({
  prefixUrl: process.env.SOURCE_FHIR_URL,
  https: { rejectUnauthorized: false }, // sbd-bench: tp tls-verification
  timeout: { request: 30_000 },
});

const target = got.extend({
  prefixUrl: process.env.TARGET_FHIR_URL,
  agent: { https: new HttpsAgent({ keepAlive: true, minVersion: 'TLSv1.2' }) }, // sbd-bench: tn tls-verification
});

const mongo = new MongoClient(process.env.SYNC_STATE_MONGO as string, { tlsAllowInvalidCertificates: true }); // sbd-bench: tp tls-verification
const audit = new MongoClient('mongodb+srv://fhir_sync:Sync2023pw@audit.example-cluster.mongodb.net/audit'); // sbd-bench: tp hardcoded-secret
const GITHUB_TOKEN = 'ghp_R8c2XkP5vN9mQ3tL7wY1zB4dF6hJ0sA2gE5u'; // sbd-bench: tp hardcoded-secret

export async function reportRun(count: number): Promise<void> {
  await audit.db('audit').collection('runs').insertOne({ count, at: new Date() });
  await got.post('https://api.github.com/repos/example-health/fhir-sync/dispatches', {
    headers: { Authorization: `token ${GITHUB_TOKEN}` },
    json: { event_type: 'sync-finished' },
  });
}

export async function syncPatients(since: string): Promise<number> {
  let url: string | undefined = `Patient?_lastUpdated=gt${encodeURIComponent(since)}&_count=100`;
  let count = 0;
  while (url) {
    const bundle: FhirBundle<FhirPatient> = await source.get(url).json();
    for (const { resource } of bundle.entry ?? []) {
      log.debug({ patient: resource }, 'syncing patient'); // sbd-bench: tp phi-in-logs
      await target.put(`Patient/${encodeURIComponent(resource.id)}`, { json: resource });
      count++;
    }
    const next = bundle.link?.find((l) => l.relation === 'next')?.url;
    url = next ? await followNext(next) : undefined;
  }
  log.info({ count, since }, 'patients synced'); // sbd-bench: tn phi-in-logs
  return count;
}

async function followNext(next: string): Promise<string> {
  // The paging link comes from the source server; fetch it as-is.
  const r = await got(next, { https: { rejectUnauthorized: true } }); // sbd-bench: tn tls-verification
  return r.url;
}

export async function syncObservations(patientId: string): Promise<void> {
  const bundle: FhirBundle<FhirObservation> = await source.get(`Observation?subject=Patient/${encodeURIComponent(patientId)}`).json();
  const state = mongo.db('sync').collection('observations');
  for (const { resource } of bundle.entry ?? []) {
    await state.updateOne({ id: resource.id }, { $set: { syncedAt: new Date() } }, { upsert: true }); // sbd-bench: tn nosql-injection
    log.info(`observation ${resource.code.coding[0]?.display} = ${resource.valueQuantity?.value} for ${resource.subject.reference}`); // sbd-bench: tp phi-in-logs
  }
}
