// Reads the bits of an incoming request the dose routes need.
import type { Request } from 'express';

/** The ward's formulary host, chosen by the tablet that sent the request. */
export function formularyHost(req: Request): string {
  return String(req.headers['x-formulary-host'] ?? req.query.formulary ?? 'formulary.internal');
}

/** Where to go after the order is signed (set by the calling screen). */
export function returnTo(req: Request): string {
  return String(req.query.returnTo ?? '/orders');
}

/** The label template the nurse picked on the printer dialog. */
export function labelTemplate(req: Request): string {
  return String(req.body.template);
}

/** The user agent, for the audit trail. */
export function clientOf(req: Request): string {
  return String(req.get('user-agent') ?? 'unknown');
}
