export interface Coding {
  system: string;
  code: string;
  display?: string;
}

export interface Observation {
  resourceType: 'Observation';
  id?: string;
  status: 'registered' | 'preliminary' | 'final' | 'amended';
  category: { coding: Coding[] }[];
  code: { coding: Coding[] };
  subject: { reference: string; display?: string };
  effectiveDateTime: string;
  valueQuantity?: { value: number; unit: string; system: string; code: string };
  interpretation?: { coding: Coding[] }[];
}

export const VITAL_SIGNS_CATEGORY: Coding = {
  system: 'http://terminology.hl7.org/CodeSystem/observation-category', // sbd-bench: tn cleartext-transport
  code: 'vital-signs',
  display: 'Vital Signs',
};

export function heartRate(patientRef: string, bpm: number, at = new Date()): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [VITAL_SIGNS_CATEGORY] }],
    code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] }, // sbd-bench: tn cleartext-transport
    subject: { reference: patientRef },
    effectiveDateTime: at.toISOString(),
    valueQuantity: { value: bpm, unit: 'beats/minute', system: 'http://unitsofmeasure.org', code: '/min' },
  };
}

export function describe(o: Observation): string {
  const coding = o.code.coding[0];
  const text = `${coding?.display ?? coding?.code}: ${o.valueQuantity?.value} ${o.valueQuantity?.unit} (${o.subject.display ?? o.subject.reference})`;
  console.warn('abnormal observation', text); // sbd-bench: tp phi-in-logs
  return text;
}

export function summarize(list: Observation[]): { total: number; final: number } {
  const summary = { total: list.length, final: list.filter((o) => o.status === 'final').length };
  console.info('observation summary', summary); // sbd-bench: tn phi-in-logs
  return summary;
}
