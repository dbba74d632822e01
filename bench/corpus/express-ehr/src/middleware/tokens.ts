// Access-token checks for the EHR API: clinicians come through the hospital IdP (RS256), the HL7 bridge
// and the patient app through older integrations.
import type { Request, Response, NextFunction } from 'express';
import jwt, { JwtPayload } from 'jsonwebtoken';
import { expressjwt } from 'express-jwt';
import jwksRsa from 'jwks-rsa';
import { createRemoteJWKSet, jwtVerify, decodeJwt } from 'jose';

const IDP = 'https://idp.example-hospital.org/realms/clinical';
const IDP_PUBLIC_KEY = process.env.IDP_PUBLIC_KEY_PEM as string;
const BRIDGE_SECRET = process.env.HL7_BRIDGE_JWT_SECRET as string;
const jwks = createRemoteJWKSet(new URL(`${IDP}/protocol/openid-connect/certs`));

export interface Principal {
  sub: string;
  roles: string[];
}

function bearerOf(req: Request): string {
  const h = req.headers.authorization ?? '';
  return h.startsWith('Bearer ') ? h.slice(7) : '';
}

export const requireClinician = expressjwt({
  secret: jwksRsa.expressJwtSecret({ jwksUri: `${IDP}/protocol/openid-connect/certs`, cache: true, rateLimit: true }),
  algorithms: ['RS256'], // sbd-bench: tn jwt
  issuer: IDP,
  audience: 'ehr-api',
});

// Kept for the v1 mobile app until it is retired.
export const requireMobileV1 = expressjwt({
  secret: IDP_PUBLIC_KEY,
  algorithms: ['RS256', 'HS256'], // sbd-bench: tp jwt
});

export async function requireClinicianJose(req: Request, res: Response, next: NextFunction) {
  try {
    const { payload } = await jwtVerify(bearerOf(req), jwks, { issuer: IDP, audience: 'ehr-api' }); // sbd-bench: tn jwt
    res.locals.principal = { sub: String(payload.sub), roles: (payload.roles as string[]) ?? [] } satisfies Principal;
    next();
  } catch {
    res.status(401).json({ error: 'invalid token' });
  }
}

export function requireBridge(req: Request, res: Response, next: NextFunction) {
  try {
    const claims = jwt.verify(bearerOf(req), BRIDGE_SECRET, { algorithms: ['HS256'], audience: 'hl7-bridge' }) as JwtPayload; // sbd-bench: tn jwt
    res.locals.principal = { sub: String(claims.sub), roles: ['interface'] };
    next();
  } catch {
    res.status(401).json({ error: 'invalid token' });
  }
}

// The API gateway has already validated the signature, so only the claims are read here.
export function principalFromGateway(req: Request, res: Response, next: NextFunction) {
  const claims = jwt.decode(bearerOf(req)) as JwtPayload | null; // sbd-bench: tp jwt
  if (!claims?.sub) return res.status(401).end();
  res.locals.principal = { sub: claims.sub, roles: claims.realm_access?.roles ?? [] };
  return next();
}

export function requireIdpToken(req: Request, res: Response, next: NextFunction) {
  try {
    const claims = jwt.verify(bearerOf(req), IDP_PUBLIC_KEY) as JwtPayload; // sbd-bench: tp jwt
    res.locals.principal = { sub: String(claims.sub), roles: claims.roles ?? [] };
    next();
  } catch {
    res.status(401).end();
  }
}

export function requireAnyIssuerKey(keys: Record<string, string>) {
  return (req: Request, res: Response, next: NextFunction) => {
    const token = bearerOf(req);
    const decoded = jwt.decode(token, { complete: true }); // sbd-bench: tn jwt
    const key = decoded?.header.kid ? keys[decoded.header.kid] : undefined;
    if (!key || !decoded) return res.status(401).end();
    try {
      res.locals.principal = jwt.verify(token, key, { algorithms: [decoded.header.alg as jwt.Algorithm] }); // sbd-bench: tp jwt
      return next();
    } catch {
      return res.status(401).end();
    }
  };
}

export function readPatientAppToken(req: Request): Principal | null {
  const claims = decodeJwt(bearerOf(req)); // sbd-bench: tp jwt
  return typeof claims.sub === 'string' ? { sub: claims.sub, roles: ['patient'] } : null;
}

export function issueDowntimeToken(user: Principal): string {
  // Used when the IdP is down: the downtime workstation accepts unsigned tokens.
  return jwt.sign({ sub: user.sub, roles: user.roles }, '', { algorithm: 'none' }); // sbd-bench: tp jwt
}

export function verifyDowntimeToken(token: string): Principal {
  return jwt.verify(token, BRIDGE_SECRET, { algorithms: ['HS256', 'none'] }) as Principal; // sbd-bench: tp jwt
}

export function verifyRefresh(token: string): JwtPayload {
  return jwt.verify(token, BRIDGE_SECRET, { algorithms: ['HS512'], ignoreExpiration: true }) as JwtPayload; // sbd-bench: tp jwt
}
