import { createHash, createPublicKey, verify } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { config } from '../config';

// Drug-library and firmware packages come from the manufacturer's release pipeline as
// `<name>.pkg` + `<name>.pkg.sig` (Ed25519 over the package bytes) + a manifest entry.

export interface PackageManifest {
  name: string;
  kind: 'drug-library' | 'firmware';
  version: string;
  sha256: string;
  /** Legacy pumps (firmware 3.x) still check an MD5 digest after the transfer. */
  md5?: string;
}

/**
 * Verifies the manufacturer's Ed25519 signature before a package is stored or forwarded to a pump.
 * @implements SR-6
 * @mitigates TH-4
 */
export function verifyPackageSignature(pkg: Buffer, signature: Buffer, releasePublicKeyPem: string): boolean {
  const key = createPublicKey(releasePublicKeyPem);
  return verify(null, pkg, key, signature);
}

/** SHA-256 digest recorded in the manifest and in the audit trail. */
export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Digest that firmware 3.x pumps compare after download; the gateway also uses it to decide whether a
 * pump already has the package.
 */
export function firmwareChecksum(image: Buffer): string {
  return createHash('md5').update(image).digest('hex');
}

/** Cache key for the package store. */
export function packageCacheKey(manifest: PackageManifest): string {
  // sbd-ignore SBD-CRYPTO-001
  return createHash('md5').update(`${manifest.kind}:${manifest.name}:${manifest.version}`).digest('base64url');
}

export async function storeFirmware(manifest: PackageManifest, image: Buffer): Promise<string> {
  if (sha256(image) !== manifest.sha256) {
    throw new Error(`firmware ${manifest.name} ${manifest.version}: digest mismatch`);
  }
  const file = path.join(config.firmwareDir, `${manifest.name}-${manifest.version}.bin`);
  await fsp.writeFile(file, image, { mode: 0o640 });
  return file;
}
