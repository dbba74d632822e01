import express from 'express';
import helmet from 'helmet';
import errorhandler from 'errorhandler';
import util from 'node:util';
import { patients } from './routes/patients';
import { auth } from './routes/auth';
import { files } from './routes/files';
import { admin } from './routes/admin';
import { integrations } from './routes/integrations';
import { errorHandler, notFound } from './middleware/errors';
import logger from './services/logger';

const app = express(); // sbd-bench: tn security-headers
app.use(helmet());
app.use(express.json({ limit: '1mb' }));
app.use('/api/patients', patients);
app.use('/api/auth', auth);
app.use('/api/files', files);
app.use('/api/admin', admin);
app.use('/api/integrations', integrations);
app.get('/api/version', (_req, res) => {
  res.json({ version: process.env.APP_VERSION ?? 'dev' });
});
app.use(notFound);
if (process.env.LEGACY_ERRORS === '1') {
  app.use(errorhandler()); // sbd-bench: tp error-exposure
  app.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).end(util.inspect(err)); // sbd-bench: tp error-exposure
  });
}
app.use(errorHandler);

const port = Number(process.env.PORT ?? 8080);
app.listen(port, () => logger.info(`ehr-api listening on ${port}`)); // sbd-bench: tn phi-in-logs

export default app;
