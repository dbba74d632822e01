import { createHash } from 'node:crypto';
import { auditDb } from '../db';

export interface AuditEvent {
  action: 'login' | 'rate-change' | 'library-published' | 'pump-paired' | 'export';
  actor: string;
  pumpSerial?: string;
  detail?: Record<string, unknown>;
}

export interface AuditRecord extends AuditEvent {
  at: string;
  prev: string;
  hash: string;
}

/**
 * Links a record to its predecessor: the hash covers the event, the time and the previous hash, so a
 * deleted or edited record breaks the chain (verified nightly by the SIEM).
 * @implements SR-8
 * @mitigates TH-6
 */
export function chainRecord(prev: string, event: AuditEvent, at: Date): AuditRecord {
  const body = { ...event, at: at.toISOString(), prev };
  return { ...body, hash: createHash('sha256').update(JSON.stringify(body)).digest('hex') };
}

let lastHash = '';

/**
 * Appends an event to the audit trail (append-only collection; the gateway's database user has no
 * update or delete right on it).
 * @implements SR-8
 */
export async function recordAuditEvent(event: AuditEvent): Promise<void> {
  const db = await auditDb();
  const record = chainRecord(lastHash, event, new Date());
  await db.collection<AuditRecord>('events').insertOne(record);
  lastHash = record.hash;
}
