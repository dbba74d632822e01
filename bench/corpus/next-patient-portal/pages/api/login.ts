import type { NextApiRequest, NextApiResponse } from 'next';
import { MongoClient } from 'mongodb';
import { scryptSync, timingSafeEqual } from 'crypto';

const client = new MongoClient(process.env.MONGODB_URI!);

export default async function login(req: NextApiRequest, res: NextApiResponse) {
  const users = client.db('portal').collection('users');
  const user = await users.findOne({ email: req.body.email, active: true }); // sbd-bench: tp nosql-injection
  if (!user) return res.status(401).json({ error: 'Invalid email or password' });

  const candidate = scryptSync(req.body.password, Buffer.from(user.salt, 'hex'), 64); // sbd-bench: tn weak-crypto
  if (!timingSafeEqual(candidate, Buffer.from(user.hash, 'hex'))) {
    return res.status(401).json({ error: 'Invalid email or password' });
  }
  const callbackUrl = req.query.callbackUrl as string | undefined;
  res.setHeader('Set-Cookie', `sid=${user.sessionId}; Path=/; HttpOnly; Secure; SameSite=Lax`); // sbd-bench: tn session
  return res.redirect(302, callbackUrl ?? '/dashboard'); // sbd-bench: tp open-redirect
}
