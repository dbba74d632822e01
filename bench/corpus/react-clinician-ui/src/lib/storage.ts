import type { Patient } from './types';
import { encryptForDevice } from './device-crypto';

const RECENT_KEY = 'recentPatients';

export function cachePatient(patient: Patient): void {
  const recent = JSON.parse(window.localStorage.getItem(RECENT_KEY) ?? '[]') as Patient[];
  window.localStorage.setItem(RECENT_KEY, JSON.stringify([patient, ...recent.filter((p) => p.id !== patient.id)].slice(0, 5))); // sbd-bench: tp phi-in-storage
}

export async function cachePatientEncrypted(patient: Patient): Promise<void> {
  const sealed = await encryptForDevice(JSON.stringify(patient));
  window.localStorage.setItem('recentPatients.sealed', sealed); // sbd-bench: tn phi-in-storage
}

export function rememberLayout(layout: { sidebar: boolean; density: 'compact' | 'comfortable' }): void {
  localStorage.setItem('layout', JSON.stringify(layout)); // sbd-bench: tn phi-in-storage
}

export function rememberDiagnosis(patientId: string, diagnosis: string): void {
  localStorage[`dx:${patientId}`] = diagnosis; // sbd-bench: tp phi-in-storage
}

export function forgetPatients(): void {
  localStorage.removeItem(RECENT_KEY); // sbd-bench: tn phi-in-storage
}
