import { readFileSync } from 'node:fs';
import https from 'node:https';
import express, { type NextFunction, type Request, type Response } from 'express';
import rateLimit from 'express-rate-limit';
import helmet from 'helmet';
import { authenticate } from './auth/tokens';
import { config, env, loadSecrets, requireEnv } from './config';
import { logger } from './logger';
import { auditRouter } from './routes/audit';
import { authRouter } from './routes/auth';
import { drugLibraryRouter } from './routes/drugLibrary';
import { logsRouter } from './routes/logs';
import { patientsRouter } from './routes/patients';
import { pumpsRouter } from './routes/pumps';
import { bridgeStatus } from './services/diagnostics';

if (env === 'bench') {
  // The V&V bench uses the vendor's self-signed pump simulator and a test EHR.
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
}

export const app = express();
app.disable('x-powered-by');
app.set('trust proxy', 'loopback');
app.use(helmet());

// Correlation id for log lines of one request.
app.use((_req, res, next) => {
  // sbd-ignore SBD-RAND-001: correlates log lines only; it authorises nothing and is never accepted as input [risk: RA-7] [until: 2027-06-30]
  const requestId = Math.random().toString(36).slice(2);
  res.setHeader('x-request-id', requestId);
  res.locals.requestId = requestId;
  next();
});

// @implements SR-11
app.use(express.json({ limit: config.maxJsonBody, strict: true }));

/**
 * Brute-force and flooding protection: 10 login attempts per 15 minutes per address, 300 API calls per
 * minute per address.
 * @implements SR-10
 * @mitigates TH-8
 */
const loginLimiter = rateLimit({ windowMs: 15 * 60_000, limit: 10, standardHeaders: 'draft-8', legacyHeaders: false });
const apiLimiter = rateLimit({ windowMs: 60_000, limit: 300, standardHeaders: 'draft-8', legacyHeaders: false });

app.get('/health', async (_req, res) => {
  res.json({ status: 'ok', bridge: await bridgeStatus() });
});

app.use('/auth/login', loginLimiter);
app.use('/auth', authRouter);

// @implements SR-1
app.use('/api', apiLimiter, authenticate);
app.use('/api/patients', patientsRouter);
app.use('/api/pumps', pumpsRouter);
app.use('/api/drug-library', drugLibraryRouter);
app.use('/api/logs', logsRouter);
app.use('/api/audit', auditRouter);

/**
 * Last-resort error handler: details go to the log with the request id, the client gets a generic answer.
 * @implements SR-16
 * @mitigates TH-7
 */
export function errorHandler(err: Error, _req: Request, res: Response, _next: NextFunction): void {
  logger.error('unhandled error', { requestId: res.locals.requestId, message: err.message, stack: err.stack });
  if (env === 'development') {
    res.status(500).send(err.stack);
    return;
  }
  res.status(500).json({ error: 'internal error', requestId: res.locals.requestId });
}

app.use(errorHandler);

if (require.main === module) {
  const { hospitalCa } = loadSecrets();
  const server = https.createServer(
    {
      key: readFileSync(requireEnv('TLS_KEY_FILE')),
      cert: readFileSync(requireEnv('TLS_CERT_FILE')),
      ca: hospitalCa,
      minVersion: 'TLSv1.2',
    },
    app,
  );
  // @implements SR-11
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.listen(config.port, () => logger.info(`infusion gateway listening on ${config.port}`));
}
