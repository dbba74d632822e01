import type { NextApiRequest, NextApiResponse } from 'next';
import { readFileSync } from 'fs';
import { join } from 'path';

export default function letters(req: NextApiRequest, res: NextApiResponse) {
  const { template } = req.query;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  try {
    const body = readFileSync(join(process.cwd(), 'letters', `${template}.html`), 'utf8'); // sbd-bench: tp path-traversal
    res.send(body);
  } catch (err) {
    if (req.query.debug) return res.status(500).send(`<pre>${(err as Error).stack}</pre>`); // sbd-bench: tp error-exposure
    res.status(404).send(`<p>Letter template <b>${template}</b> was not found.</p>`); // sbd-bench: tp xss
  }
}
