import type { NextApiRequest, NextApiResponse } from 'next';
import { prisma } from '../../../lib/prisma';
import { getSession } from '../../../lib/session';

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const session = await getSession(req);
  if (!session) return res.status(401).json({ error: 'Not signed in' });

  const id = String(req.query.id);
  const fields = String(req.query.fields ?? 'id, code, display, issued');

  try {
    const records = await prisma.$queryRawUnsafe( // sbd-bench: tp sql-injection
      `SELECT ${fields} FROM lab_results WHERE patient_id = '${session.patientId}' AND id = '${id}'`,
    );
    const same = await prisma.$queryRaw`SELECT id, code, display, issued FROM lab_results WHERE patient_id = ${session.patientId} AND id = ${id}`; // sbd-bench: tn sql-injection
    if (req.method === 'PATCH') {
      await prisma.$executeRawUnsafe(`UPDATE lab_results SET patient_note = '${req.body.note}' WHERE id = '${id}'`); // sbd-bench: tp sql-injection
    }
    return res.status(200).json({ records, same });
  } catch (error) {
    console.error('records query failed', error);
    return res.status(500).json({ error: (error as Error).toString() }); // sbd-bench: tp error-exposure
  }
}
