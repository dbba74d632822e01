import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Hl7Pid {
  setId: string;
  patientIdentifierList: string;
  patientName: string;
  dateOfBirth: string;
  administrativeSex: string;
  patientAddress: string;
  ssnNumber: string;
}

export function fromSegment(segment: string): Hl7Pid {
  const f = segment.split('|');
  return {
    setId: f[1] ?? '',
    patientIdentifierList: f[3] ?? '',
    patientName: f[5] ?? '',
    dateOfBirth: f[7] ?? '',
    administrativeSex: f[8] ?? '',
    patientAddress: f[11] ?? '',
    ssnNumber: f[19] ?? '',
  };
}

export function quarantine(raw: string, reason: string): string {
  const file = path.join(os.tmpdir(), `hl7-quarantine-${Date.now()}.hl7`);
  fs.writeFileSync(file, raw, 'utf8'); // sbd-bench: tp phi-in-storage
  console.error(`quarantined message (${reason}), ${raw.length} bytes`); // sbd-bench: tn phi-in-logs
  return file;
}

export function debugDump(pid: Hl7Pid): void {
  process.stdout.write(JSON.stringify(pid, null, 2) + '\n'); // sbd-bench: tp phi-in-logs
}
