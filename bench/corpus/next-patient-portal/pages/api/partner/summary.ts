// Patient summary for partner apps (community pharmacy, physiotherapy booking). Partners call with a
// short-lived token our identity service signed with HS256; the summary can be returned as JSON or as
// the partner's legacy XML format, and partners may post back structured "care events".
import type { NextApiRequest, NextApiResponse } from 'next';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { summaryFor, recordCareEvent } from '../../../lib/summary';
import { getSession } from '../../../lib/session';
import { CareEvent, Referral, Observation } from '../../../lib/care-events';

const PARTNER_KEY = process.env.PARTNER_TOKEN_KEY as string;
const CARE_EVENT_TYPES: Record<string, new (data: unknown) => unknown> = { CareEvent, Referral, Observation };

function b64url(json: string): Record<string, any> {
  return JSON.parse(Buffer.from(json, 'base64url').toString('utf8'));
}

function partnerClaims(token: string): Record<string, any> | null {
  const [header, payload, signature] = token.split('.');
  const expected = createHmac('sha256', PARTNER_KEY).update(`${header}.${payload}`).digest('base64url');
  if (signature && signature !== expected) return null; // sbd-bench: tp jwt
  return b64url(payload);
}

function partnerClaimsStrict(token: string): Record<string, any> | null {
  const [header, payload, signature = ''] = token.split('.');
  const expected = Buffer.from(createHmac('sha256', PARTNER_KEY).update(`${header}.${payload}`).digest('base64url'));
  const given = Buffer.from(signature);
  if (b64url(header).alg !== 'HS256' || given.length !== expected.length || !timingSafeEqual(given, expected)) return null; // sbd-bench: tn jwt
  const claims = b64url(payload);
  return typeof claims.exp === 'number' && claims.exp * 1000 > Date.now() ? claims : null;
}

function reviveCareEvent(_key: string, value: any) {
  if (value && typeof value === 'object' && typeof value.$type === 'string') {
    const Type = (globalThis as any)[value.$type] ?? CARE_EVENT_TYPES[value.$type];
    return new Type(value.data); // sbd-bench: tp deserialization
  }
  return value;
}

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const origin = req.headers.origin;
  if (origin) res.setHeader('Access-Control-Allow-Origin', origin); // sbd-bench: tp cors
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Vary', 'Origin');

  // Signed-in patients open their own summary from the portal pages (session cookie, no partner token).
  if (req.method === 'GET' && !req.headers['x-partner-token']) {
    const session = await getSession(req);
    if (!session) return res.status(401).json({ error: 'sign in required' });
    return res.json(await summaryFor(session.patientId, 'full'));
  }

  const claims = req.query.v === '2' ? partnerClaimsStrict(String(req.headers['x-partner-token'] ?? '')) : partnerClaims(String(req.headers['x-partner-token'] ?? ''));
  if (!claims) return res.status(401).json({ error: 'invalid partner token' });

  if (req.method === 'POST' && req.headers['content-type']?.includes('xml')) {
    const event = new XMLParser({ ignoreDeclaration: true }).parse(String(req.body)); // sbd-bench: tn xxe
    await recordCareEvent(claims.sub, event.careEvent);
    return res.status(201).end();
  }
  if (req.method === 'POST') {
    const event = JSON.parse(String(req.body), reviveCareEvent);
    await recordCareEvent(claims.sub, event);
    return res.status(201).end();
  }
  return res.json(await summaryFor(claims.sub, claims.scope));
}
