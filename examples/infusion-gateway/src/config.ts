// Gateway configuration. Everything deployment-specific comes from the environment that the
// provisioning service writes on the gateway appliance (see docs/provisioning.md in the device repo).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Reads a required setting and refuses to start without it (fail closed).
 * @implements SR-3
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`missing required setting ${name}; the gateway does not start without it`);
  }
  return value;
}

export type GatewayEnv = 'production' | 'bench' | 'development';

export const env: GatewayEnv = (process.env.GATEWAY_ENV as GatewayEnv | undefined) ?? 'production';

export const config = {
  port: Number(process.env.PORT ?? 8443),
  unit: process.env.CARE_UNIT ?? 'ICU-3',
  logDir: process.env.LOG_DIR ?? '/var/log/infusion-gateway',
  exportDir: process.env.EXPORT_DIR ?? '/var/lib/infusion-gateway/exports',
  firmwareDir: process.env.FIRMWARE_DIR ?? '/var/lib/infusion-gateway/firmware',
  pumpRegistryUrl: process.env.PUMP_REGISTRY_URL ?? 'https://pump-registry.hospital.local/api/v2',
  drugLibraryVendorUrl: process.env.DRUG_LIBRARY_VENDOR_URL ?? 'https://library.medsupplier.example/api',
  hl7Host: process.env.HL7_HOST ?? 'hl7-engine.hospital.local',
  mongoUrl: process.env.MONGO_URL ?? 'mongodb://localhost:27017/gateway-audit',
  maxJsonBody: '100kb',
  maxPackageBody: '5mb',
  tokenLifetime: '15m',
  passwordMinLength: 12,
};

/**
 * Secrets are read once at start-up from the secret store mount, never from the source tree.
 * @implements SR-3
 */
export function loadSecrets() {
  return {
    refreshTokenSecret: requireEnv('REFRESH_TOKEN_SECRET'),
    pseudonymKey: Buffer.from(requireEnv('PSEUDONYM_KEY'), 'base64'),
    exportKey: Buffer.from(requireEnv('EXPORT_KEY'), 'base64'),
    releasePublicKey: readFileSync(path.join(requireEnv('KEY_DIR'), 'release-signing.pub.pem'), 'utf8'),
    hospitalCa: readFileSync(path.join(requireEnv('KEY_DIR'), 'hospital-ca.pem')),
  };
}
