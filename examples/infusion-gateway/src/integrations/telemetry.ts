import WebSocket from 'ws';
import { nextPollDelayMs, type PumpStatus } from './pumpClient';
import { logger } from '../logger';

// Live pump telemetry (rate, volume, occlusion pressure, alarms) streamed from the unit's telemetry hub.
const TELEMETRY_URL = process.env.TELEMETRY_URL ?? 'ws://telemetry-hub.icu.hospital.local:9001/pumps';
const DEBUG_SAMPLE_RATE = 0.01;

type Listener = (status: PumpStatus) => void;

export class TelemetryFeed {
  private socket?: WebSocket;
  private attempt = 0;
  private readonly listeners = new Set<Listener>();

  start(): void {
    this.socket = new WebSocket(TELEMETRY_URL, { handshakeTimeout: 5_000, maxPayload: 64 * 1024 });
    this.socket.on('open', () => {
      this.attempt = 0;
      logger.info('telemetry connected');
    });
    this.socket.on('message', (raw) => {
      const status = JSON.parse(raw.toString()) as PumpStatus;
      if (Math.random() < DEBUG_SAMPLE_RATE) {
        logger.debug(`telemetry sample: pump ${status.serial} ${status.state} at ${status.rateMlPerHour} mL/h`);
      }
      for (const l of this.listeners) l(status);
    });
    this.socket.on('close', () => {
      const delay = nextPollDelayMs(1_000, this.attempt++);
      setTimeout(() => this.start(), delay);
    });
    this.socket.on('error', (err) => logger.warn('telemetry error', { message: err.message }));
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
