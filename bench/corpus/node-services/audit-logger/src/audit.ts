import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import debugFactory from 'debug';

const debug = debugFactory('audit');
const AUDIT_DIR = process.env.AUDIT_DIR ?? '/var/log/ehr-audit';

export interface AuditEvent {
  actor: string;
  action: 'view' | 'edit' | 'print' | 'export';
  patient: { id: string; mrn: string; name: string; dob: string };
  at: Date;
}

export function record(event: AuditEvent): void {
  debug('audit event %o', event); // sbd-bench: tp phi-in-logs
  const line = JSON.stringify({
    actor: event.actor,
    action: event.action,
    patientRef: createHash('sha256').update(event.patient.mrn).digest('hex'), // sbd-bench: tn weak-crypto
    at: event.at.toISOString(),
  });
  fs.appendFileSync(path.join(AUDIT_DIR, `${event.at.toISOString().slice(0, 10)}.log`), line + '\n'); // sbd-bench: tn phi-in-storage
  debug('audit event written for actor %s', event.actor); // sbd-bench: tn phi-in-logs
}

export function exportForDownload(events: AuditEvent[]): string {
  const name = `audit-${Math.random().toString(36).slice(2)}.csv`; // sbd-bench: tp insecure-randomness
  exportCsv(events, path.join('/srv/ehr/public/downloads', name));
  return `/downloads/${name}`;
}

export function exportCsv(events: AuditEvent[], out: string): void {
  const rows = events.map((e) => [e.at.toISOString(), e.actor, e.action, e.patient.mrn, e.patient.name, e.patient.dob].join(','));
  fs.writeFileSync(out, ['at,actor,action,mrn,name,dob', ...rows].join('\n')); // sbd-bench: tp phi-in-storage
}
