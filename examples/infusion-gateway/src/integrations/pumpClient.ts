import https from 'node:https';
import axios from 'axios';
import { env, loadSecrets } from '../config';

// Each pump runs a small HTTPS server (port 8443) with a certificate issued by the hospital CA at
// pairing time. The bench simulator in the V&V lab uses a throw-away self-signed certificate.

/**
 * Production agent: TLS 1.2+, certificates checked against the hospital CA only.
 * @implements SR-12
 * @mitigates TH-9
 */
const pumpAgent = new https.Agent({
  ca: loadSecrets().hospitalCa,
  rejectUnauthorized: true,
  minVersion: 'TLSv1.2',
  keepAlive: true,
});

// sbd-ignore SBD-TLS-001: bench simulator only; GATEWAY_ENV=bench is refused by the production image start-up check [risk: RA-14] [until: 2027-06-30]
const simulatorAgent = new https.Agent({ rejectUnauthorized: false });

export const pumpHttp = axios.create({
  httpsAgent: env === 'bench' ? simulatorAgent : pumpAgent,
  timeout: 4_000,
});

export interface PumpStatus {
  serial: string;
  state: 'running' | 'paused' | 'alarm' | 'idle';
  rateMlPerHour: number;
  volumeInfusedMl: number;
  drugCode?: string;
  libraryVersion: string;
  batteryPercent: number;
}

export async function readPumpStatus(pumpHost: string): Promise<PumpStatus> {
  const { data } = await pumpHttp.get<PumpStatus>(`https://${pumpHost}:8443/status`);
  return data;
}

/** Sends a validated rate change to the pump; the pump acknowledges with its new status. */
export async function sendRateChange(pumpHost: string, rateMlPerHour: number, orderId: string): Promise<PumpStatus> {
  const { data } = await pumpHttp.post<PumpStatus>(`https://${pumpHost}:8443/therapy/rate`, { rateMlPerHour, orderId });
  return data;
}

// Random jitter spreads the status polls of 300 pumps so that they do not all hit the gateway at once.
export function nextPollDelayMs(baseMs: number, attempt: number): number {
  const backoff = Math.min(60_000, baseMs * 2 ** attempt);
  const jitter = Math.random() * 0.2 * backoff;
  return backoff + jitter;
}
