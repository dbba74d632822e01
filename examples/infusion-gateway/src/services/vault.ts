import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Seals a record with AES-256-GCM: random 96-bit IV per record, auth tag appended.
 * Layout: iv(12) | tag(16) | ciphertext.
 * @implements SR-13
 * @mitigates TH-7
 */
export function seal(plaintext: Buffer, key: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** @implements SR-13 */
export function unseal(sealed: Buffer, key: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
}

// Format of the pump-side configuration blobs (firmware 3.x decrypts them with a fixed 128-bit key in
// ECB mode; the pump has no room for anything else, see vendor spec PX-3 §7).
export function encryptPumpConfig(json: string, pumpKey: Buffer): Buffer {
  const cipher = createCipheriv('aes-128-ecb', pumpKey, null);
  return Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
}

// Nightly export for the infusion-analytics team: CBC with an IV both sides agreed on.
const EXPORT_IV = Buffer.from('4f1d2c3b5a697887', 'utf8');

export function encryptAnalyticsExport(csv: string, key: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-cbc', key, EXPORT_IV);
  return Buffer.concat([cipher.update(csv, 'utf8'), cipher.final()]);
}
