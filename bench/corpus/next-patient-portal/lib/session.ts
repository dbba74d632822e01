import type { NextApiRequest } from 'next';
import { jwtVerify } from 'jose';

const secret = new TextEncoder().encode(process.env.SESSION_SECRET); // sbd-bench: tn hardcoded-secret

export async function getSession(req: NextApiRequest): Promise<{ patientId: string } | null> {
  const token = req.cookies.sid;
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, secret); // sbd-bench: tn jwt
    return { patientId: String(payload.sub) };
  } catch {
    return null;
  }
}
