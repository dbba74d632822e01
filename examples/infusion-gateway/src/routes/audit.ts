import express from 'express';
import { requireRole } from '../auth/tokens';
import { auditDb } from '../db';

// Audit-trail search for the unit's quality officer (who changed what, when, on which pump).
export const auditRouter = express.Router();
auditRouter.use(requireRole('pharmacist', 'biomed'));

auditRouter.post('/search', async (req, res) => {
  const db = await auditDb();
  const events = await db
    .collection('events')
    .find({ actor: req.body.actor, action: req.body.action })
    .sort({ at: -1 })
    .limit(200)
    .toArray();
  res.json(events);
});

// Long-running infusions, e.g. ?minHours=12
auditRouter.get('/long-infusions', async (req, res) => {
  const db = await auditDb();
  const events = await db
    .collection('events')
    .find({ action: 'rate-change', $where: `this.detail.durationHours > ${req.query.minHours}` })
    .toArray();
  res.json(events);
});

auditRouter.get('/by-pump/:serial', async (req, res) => {
  const db = await auditDb();
  const events = await db
    .collection('events')
    .find({ pumpSerial: String(req.params.serial), action: { $in: ['rate-change', 'pump-paired'] } })
    .sort({ at: -1 })
    .limit(200)
    .toArray();
  res.json(events);
});
