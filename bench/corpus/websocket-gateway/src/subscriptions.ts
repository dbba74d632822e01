// Central-station subscriptions: monitoring techs subscribe to beds and alarm filters over a WebSocket;
// the upgrade request carries the access token issued by the hospital IdP.
import { WebSocketServer, WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import jwt from 'jsonwebtoken';
import { alarmsFor } from './alarms';

const wss = new WebSocketServer({ noServer: true, maxPayload: 32 * 1024 });
const IDP_KEY = process.env.IDP_PUBLIC_KEY_PEM as string;

interface Tech {
  sub: string;
  units: string[];
}

type Filters = Record<string, Record<string, string | number>>;
const filtersByTech = new Map<string, Filters>();

export function authenticateUpgrade(req: IncomingMessage): Tech | null {
  const token = new URL(req.url ?? '/', 'https://central.local').searchParams.get('access_token') ?? '';
  const claims = jwt.decode(token) as { sub?: string; units?: string[] } | null; // sbd-bench: tp jwt
  return claims?.sub ? { sub: claims.sub, units: claims.units ?? [] } : null;
}

export function authenticateUpgradeV2(req: IncomingMessage): Tech | null {
  const token = new URL(req.url ?? '/', 'https://central.local').searchParams.get('access_token') ?? '';
  try {
    const claims = jwt.verify(token, IDP_KEY, { algorithms: ['RS256', 'ES256'], audience: 'central-station' }) as Tech; // sbd-bench: tn jwt
    return { sub: claims.sub, units: claims.units ?? [] };
  } catch {
    return null;
  }
}

function setFilter(tech: string, unit: string, field: string, value: string | number) {
  const filters = filtersByTech.get(tech) ?? {};
  filtersByTech.set(tech, filters);
  const unitFilters = filters[unit] ?? (filters[unit] = {});
  unitFilters[field] = value; // sbd-bench: tp prototype-pollution
}

const FILTER_FIELDS = new Set(['minPriority', 'alarmType', 'bedPrefix']);

function setFilterChecked(tech: string, tech_units: string[], unit: string, field: string, value: string | number) {
  if (!tech_units.includes(unit) || !FILTER_FIELDS.has(field)) return;
  const filters = filtersByTech.get(tech) ?? Object.create(null);
  filtersByTech.set(tech, filters);
  filters[unit] ??= Object.create(null);
  filters[unit][field] = value; // sbd-bench: tn prototype-pollution
}

export function attach(socket: WebSocket, tech: Tech) {
  socket.on('message', async (raw) => {
    const msg = JSON.parse(raw.toString()) as { op: string; unit: string; field: string; value: string | number; pattern?: string };
    if (msg.op === 'filter') setFilter(tech.sub, msg.unit, msg.field, msg.value);
    if (msg.op === 'filter.v2') setFilterChecked(tech.sub, tech.units, msg.unit, msg.field, msg.value);
    if (msg.op === 'search' && msg.pattern) {
      const bedPattern = new RegExp(`^${msg.pattern}$`); // sbd-bench: tp redos
      const alarms = await alarmsFor(tech.units);
      socket.send(JSON.stringify(alarms.filter((a) => bedPattern.test(a.bed)).slice(0, 200)));
    }
  });
}

export { wss };
