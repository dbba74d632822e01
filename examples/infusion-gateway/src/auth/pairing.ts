import { randomInt, timingSafeEqual } from 'node:crypto';

// Pairing binds a pump (by serial number) to this gateway. A biomed technician reads the code off the
// console and types it on the pump keypad.

interface PendingPairing {
  code: string;
  expiresAt: number;
  attempts: number;
}

const PAIRING_TTL_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;
const pending = new Map<string, PendingPairing>();

/**
 * Six-digit one-time pairing code from the CSPRNG, valid for five minutes.
 * @implements SR-5
 * @mitigates TH-1
 */
export function issuePairingCode(serial: string): string {
  const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
  pending.set(serial, { code, expiresAt: Date.now() + PAIRING_TTL_MS, attempts: 0 });
  return code;
}

/**
 * Pumps with firmware 3.x only accept an alphanumeric code; kept until the fleet is upgraded (GW-87).
 */
export function issueLegacyPairingCode(serial: string): string {
  const pairingCode = Math.random().toString(36).slice(2, 8).toUpperCase();
  pending.set(serial, { code: pairingCode, expiresAt: Date.now() + PAIRING_TTL_MS, attempts: 0 });
  return pairingCode;
}

/**
 * Checks a code typed on the pump: constant-time compare, single use, five attempts at most.
 * @implements SR-5
 */
export function verifyPairingCode(serial: string, code: string): boolean {
  const entry = pending.get(serial);
  if (!entry || entry.expiresAt < Date.now() || entry.attempts >= MAX_ATTEMPTS) {
    pending.delete(serial);
    return false;
  }
  entry.attempts += 1;
  const a = Buffer.from(entry.code);
  const b = Buffer.from(code);
  const ok = a.length === b.length && timingSafeEqual(a, b);
  if (ok) pending.delete(serial);
  return ok;
}
