import { createHmac } from 'node:crypto';
import winston from 'winston';
import { config } from './config';

export const logger = winston.createLogger({
  level: process.env.LOG_LEVEL ?? 'info',
  format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
  defaultMeta: { service: 'infusion-gateway', unit: config.unit },
  transports: [
    new winston.transports.Console(),
    new winston.transports.File({ filename: `${config.logDir}/gateway.log`, maxsize: 20_000_000, maxFiles: 10 }),
  ],
});

/** Separate, access-controlled sink for the audit trail (shipped to the hospital SIEM). */
export const auditLogger = winston.createLogger({
  level: 'info',
  format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
  transports: [new winston.transports.File({ filename: `${config.logDir}/audit.log`, options: { mode: 0o600 } })],
});

/**
 * Pseudonymous reference for a patient in application logs: a keyed hash of the MRN, so support staff
 * can correlate log lines without seeing who the patient is.
 * @implements SR-9
 * @mitigates TH-7
 */
export function pseudonym(mrn: string, key: Buffer): string {
  return 'pt_' + createHmac('sha256', key).update(mrn).digest('hex').slice(0, 16);
}
