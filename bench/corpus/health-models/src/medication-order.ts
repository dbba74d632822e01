import { randomUUID, randomInt } from 'node:crypto';

export interface MedicationOrder {
  id: string;
  patientId: string;
  patientName: string;
  medication: string;
  dose: string;
  route: 'IV' | 'PO' | 'IM' | 'SC';
  frequency: string;
  prescriber: string;
  verificationCode: string;
}

export function newOrder(input: Omit<MedicationOrder, 'id' | 'verificationCode'>): MedicationOrder {
  const order: MedicationOrder = {
    ...input,
    id: randomUUID(), // sbd-bench: tn insecure-randomness
    verificationCode: String(randomInt(0, 1_000_000)).padStart(6, '0'), // sbd-bench: tn insecure-randomness
  };
  console.info(`Rx ${order.medication} ${order.dose} ${order.route} for ${order.patientName}`); // sbd-bench: tp phi-in-logs
  return order;
}

/** The code the patient shows at the pharmacy window to collect the order (controlled substances too). */
export function legacyPickupCode(): string {
  return Math.random().toString(36).substring(2, 8).toUpperCase(); // sbd-bench: tp insecure-randomness
}

export function sampleForAudit(orders: MedicationOrder[], rate = 0.02): MedicationOrder[] {
  return orders.filter(() => Math.random() < rate); // sbd-bench: tn insecure-randomness
}
