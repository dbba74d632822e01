import axios from 'axios';

export const api = axios.create({
  baseURL: '/api',
  withCredentials: true,
  timeout: 15_000,
});

export const terminology = axios.create({
  baseURL: 'http://terminology.example-health.org/fhir', // sbd-bench: tp cleartext-transport
});

export async function lookupCode(system: string, code: string) {
  const r = await terminology.get('/CodeSystem/$lookup', { params: { system, code } });
  return r.data;
}

export const LOINC = 'http://loinc.org'; // sbd-bench: tn cleartext-transport
export const SNOMED = 'http://snomed.info/sct'; // sbd-bench: tn cleartext-transport

export function retryDelay(attempt: number): number {
  const base = Math.min(30_000, 500 * 2 ** attempt);
  return base / 2 + Math.random() * (base / 2); // sbd-bench: tn insecure-randomness
}
