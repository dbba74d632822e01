import Fastify from 'fastify';
import fs from 'node:fs';
import errors from './plugins/errors';
import deviceRoutes from './routes/devices';
import firmwareRoutes from './routes/firmware';

const app = Fastify({ // sbd-bench: tn security-headers
  logger: true,
  https: {
    key: fs.readFileSync(process.env.TLS_KEY_FILE as string), // sbd-bench: tn path-traversal
    cert: fs.readFileSync(process.env.TLS_CERT_FILE as string),
    minVersion: 'TLSv1.2',
  },
});

app.register(errors);
app.register(deviceRoutes, { prefix: '/api' });
app.register(firmwareRoutes, { prefix: '/api' });

app.listen({ port: 8443, host: '0.0.0.0' }).catch((err) => {
  app.log.error(err);
  process.exit(1);
});
