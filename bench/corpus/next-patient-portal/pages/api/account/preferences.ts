// Portal preferences (notification channels, proxy access, accessibility) and the legacy "saved
// dashboard" cookie written by the old PHP portal, which is still read during the migration.
import type { NextApiRequest, NextApiResponse } from 'next';
import serialize from 'node-serialize';
import { serialize as serializeCookie } from 'cookie';
import { getSession } from '../../../lib/session';
import { loadPreferences, savePreferences, issueRefreshToken } from '../../../lib/preferences';

const EDITABLE = new Set(['notifications.email', 'notifications.sms', 'accessibility.fontScale', 'accessibility.highContrast']);

function setByPath(target: Record<string, any>, dotted: string, value: unknown) {
  const keys = dotted.split('.');
  let node = target;
  while (keys.length > 1) {
    const key = keys.shift() as string;
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key];
  }
  node[keys[0]] = value; // sbd-bench: tp prototype-pollution
}

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const session = await getSession(req);
  if (!session) return res.status(401).json({ error: 'sign in required' });
  const prefs = await loadPreferences(session.patientId);

  if (req.method === 'PATCH') {
    for (const [key, value] of Object.entries(req.body as Record<string, unknown>)) setByPath(prefs, key, value);
    await savePreferences(session.patientId, prefs);
    return res.status(204).end();
  }

  if (req.method === 'PUT') {
    const { key, value } = req.body as { key: string; value: unknown };
    if (!EDITABLE.has(key)) return res.status(400).json({ error: 'not editable' });
    const [group, field] = key.split('.');
    prefs[group] = { ...prefs[group], [field]: value }; // sbd-bench: tn prototype-pollution
    await savePreferences(session.patientId, prefs);
    return res.status(204).end();
  }

  if (req.method === 'POST' && req.query.action === 'remember-device') {
    const refresh = await issueRefreshToken(session.patientId);
    res.setHeader('Set-Cookie', serializeCookie('portal_refresh', refresh, { path: '/api/session', maxAge: 30 * 24 * 3600 })); // sbd-bench: tp session
    return res.status(204).end();
  }

  const legacy = req.cookies.dashboard;
  const dashboard = legacy ? serialize.unserialize(Buffer.from(legacy, 'base64').toString()) : prefs.dashboard; // sbd-bench: tp deserialization
  return res.json({ ...prefs, dashboard });
}
