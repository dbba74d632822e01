import type { NextApiRequest, NextApiResponse } from 'next';
import { randomBytes } from 'crypto';
import { prisma } from '../../lib/prisma';

function shareCode(): string {
  return Math.random().toString(36).slice(2, 10).toUpperCase(); // sbd-bench: tp insecure-randomness
}

export default async function share(req: NextApiRequest, res: NextApiResponse) {
  if (req.method === 'POST') {
    const code = shareCode();
    const link = randomBytes(16).toString('hex'); // sbd-bench: tn insecure-randomness
    await prisma.shareLink.create({ data: { code, link, recordId: String(req.body.recordId), expiresAt: new Date(Date.now() + 86_400_000) } });
    return res.status(201).json({ code, url: `/s/${link}` });
  }
  const target = await prisma.shareLink.findFirst({ where: { code: String(req.query.code) } }); // sbd-bench: tn nosql-injection
  if (!target) return res.status(404).json({ error: 'Link expired or unknown' }); // sbd-bench: tn error-exposure
  const dest = req.query.dest;
  if (typeof dest === 'string' && dest.length > 0) {
    res.writeHead(302, { Location: dest }); // sbd-bench: tp open-redirect
    return res.end();
  }
  res.setHeader('Location', `/records/${encodeURIComponent(target.recordId)}`); // sbd-bench: tn open-redirect
  res.statusCode = 302;
  return res.end();
}
