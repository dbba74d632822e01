import net from 'node:net';
import tls from 'node:tls';
import axios from 'axios';
import { config, loadSecrets } from '../config';
import { logger } from '../logger';

// Infusion events go to the EHR twice: as FHIR MedicationAdministration resources (charting) and as
// HL7 v2 RAS messages over MLLP (the pharmacy system still listens only to HL7).

const FHIR_BASE = 'http://ehr.hospital.local/fhir';
const LOINC = 'http://loinc.org';

export interface InfusionEvent {
  patientMrn: string;
  orderId: string;
  drugCode: string;
  rateMlPerHour: number;
  at: Date;
}

export async function chartAdministration(ev: InfusionEvent): Promise<void> {
  await axios.post(
    `${FHIR_BASE}/MedicationAdministration`,
    {
      resourceType: 'MedicationAdministration',
      status: 'in-progress',
      subject: { identifier: { system: 'urn:oid:1.2.840.114350', value: ev.patientMrn } },
      request: { reference: `MedicationRequest/${ev.orderId}` },
      medicationCodeableConcept: { coding: [{ system: 'urn:oid:2.16.840.1.113883.6.69', code: ev.drugCode }] },
      dosage: { rateQuantity: { value: ev.rateMlPerHour, unit: 'mL/h', system: 'http://unitsofmeasure.org', code: 'mL/h' } },
      effectivePeriod: { start: ev.at.toISOString() },
    },
    { headers: { 'content-type': 'application/fhir+json' }, timeout: 5_000 },
  );
}

export const VOLUME_CODE = { system: LOINC, code: '19153-2' };

function mllpFrame(message: string): Buffer {
  return Buffer.concat([Buffer.from([0x0b]), Buffer.from(message, 'utf8'), Buffer.from([0x1c, 0x0d])]);
}

function rasMessage(ev: InfusionEvent): string {
  const ts = ev.at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return [
    `MSH|^~\\&|INFUSION-GW|${config.unit}|PHARMACY|HOSP|${ts}||RAS^O17|${ev.orderId}|P|2.5`,
    `PID|||${ev.patientMrn}^^^HOSP^MR`,
    `ORC|RE|${ev.orderId}`,
    `RXA|0|1|${ts}||${ev.drugCode}|${ev.rateMlPerHour}|mL/h`,
  ].join('\r');
}

/** Legacy path: the pharmacy interface engine on the MLLP default port. */
export function sendToPharmacy(ev: InfusionEvent): void {
  const socket = net.connect(2575, config.hl7Host);
  socket.on('connect', () => socket.end(mllpFrame(rasMessage(ev))));
  socket.on('error', (err) => logger.error('HL7 send failed', { orderId: ev.orderId, code: (err as NodeJS.ErrnoException).code }));
}

/**
 * MLLP over TLS (port 2576) to the upgraded interface engine.
 * @implements SR-12
 * @mitigates TH-9
 */
export function sendToPharmacyTls(ev: InfusionEvent): void {
  const socket = tls.connect({ host: config.hl7Host, port: 2576, ca: loadSecrets().hospitalCa, minVersion: 'TLSv1.2' });
  socket.on('secureConnect', () => socket.end(mllpFrame(rasMessage(ev))));
  socket.on('error', (err) => logger.error('HL7/TLS send failed', { orderId: ev.orderId, code: (err as NodeJS.ErrnoException).code }));
}
