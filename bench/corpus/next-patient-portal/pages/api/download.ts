import type { NextApiRequest, NextApiResponse } from 'next';
import fs from 'fs';
import path from 'path';

const DOCS: Record<string, string> = {
  'after-visit-summary': 'after-visit-summary.pdf',
  'privacy-notice': 'privacy-notice.pdf',
};

export default function download(req: NextApiRequest, res: NextApiResponse) {
  const doc = DOCS[String(req.query.doc)];
  if (!doc) return res.status(404).send('Unknown document');
  res.setHeader('Content-Type', 'application/pdf');
  return fs.createReadStream(path.join(process.cwd(), 'private-docs', doc)).pipe(res); // sbd-bench: tn path-traversal
}
