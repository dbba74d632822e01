import { openDB } from 'idb';
import type { Patient } from './types';

const dbPromise = openDB('clinician-offline', 1, {
  upgrade(db) {
    db.createObjectStore('patients', { keyPath: 'id' });
    db.createObjectStore('settings');
  },
});

export async function keepOffline(patient: Patient): Promise<void> {
  const db = await dbPromise;
  await db.put('patients', patient); // sbd-bench: tp phi-in-storage
}

export async function saveSetting(key: string, value: string | number | boolean): Promise<void> {
  const db = await dbPromise;
  await db.put('settings', value, key); // sbd-bench: tn phi-in-storage
}

export async function cacheChart(patientId: string): Promise<void> {
  const url = `/api/patients/${encodeURIComponent(patientId)}/$everything`;
  const response = await fetch(url, { credentials: 'include' });
  const cache = await caches.open('charts-v1');
  await cache.put(url, response.clone()); // sbd-bench: tp phi-in-storage
}
