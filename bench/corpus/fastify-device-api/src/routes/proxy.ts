import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import axios from 'axios';
import { request as httpsRequest } from 'node:https';

const VENDOR_APIS: Record<string, string> = {
  alaris: 'https://api.example-alaris.com/v3',
  sigma: 'https://cloud.example-sigma.com/api',
};

const PARTNER_HOSTS = new Set(['api.example-alaris.com', 'cloud.example-sigma.com', 'devices.example-partner.org']);

export default async function proxyRoutes(app: FastifyInstance) {
  app.get('/proxy', async (request: FastifyRequest<{ Querystring: { target: string } }>, reply: FastifyReply) => {
    const r = await axios({ method: 'get', url: request.query.target, responseType: 'stream' }); // sbd-bench: tp ssrf
    return reply.send(r.data);
  });

  app.get('/vendors/:vendor/devices', async (request: FastifyRequest<{ Params: { vendor: string } }>, reply: FastifyReply) => {
    const base = VENDOR_APIS[request.params.vendor];
    if (!base) return reply.code(404).send({ message: 'Unknown vendor' });
    const r = await axios.get(`${base}/devices`, { headers: { Authorization: `Bearer ${process.env.VENDOR_TOKEN}` } }); // sbd-bench: tn ssrf
    return r.data;
  });

  app.post('/vendors/custom', async (request: FastifyRequest<{ Body: { baseUrl: string } }>) => {
    const client = axios.create({ baseURL: request.body.baseUrl, timeout: 5000 }); // sbd-bench: tp ssrf
    const r = await client.get('/devices');
    return r.data;
  });

  app.post('/vendors/custom/v2', async (request: FastifyRequest<{ Body: { baseUrl: string } }>, reply: FastifyReply) => {
    const u = new URL(request.body.baseUrl);
    if (u.protocol !== 'https:' || !PARTNER_HOSTS.has(u.hostname)) return reply.code(400).send({ message: 'Host not allowed' });
    const r = await axios.get(new URL('/devices', u).toString(), { maxRedirects: 0 }); // sbd-bench: tn ssrf
    return r.data;
  });

  app.get('/status/:host', async (request: FastifyRequest<{ Params: { host: string } }>) => {
    return new Promise((resolve) => {
      const req = httpsRequest({ host: request.params.host, path: '/status', method: 'GET' }, (res) => resolve({ status: res.statusCode })); // sbd-bench: tp ssrf
      req.end();
    });
  });

  app.get('/docs', async (request: FastifyRequest<{ Querystring: { page?: string } }>, reply: FastifyReply) => {
    return reply.redirect(request.query.page ?? '/docs/index.html'); // sbd-bench: tp open-redirect
  });

  app.get('/docs/v2', async (request: FastifyRequest<{ Querystring: { page?: string } }>, reply: FastifyReply) => {
    const page = (request.query.page ?? 'index').replace(/[^a-z0-9-]/gi, '');
    return reply.redirect(`/docs/${page}.html`); // sbd-bench: tn open-redirect
  });

  app.get('/logout', async (_request, reply: FastifyReply) => {
    return reply.redirect('https://login.example-health.org/logout'); // sbd-bench: tn open-redirect
  });

  app.get('/health/deep', async (_request, reply: FastifyReply) => {
    try {
      await axios.get('https://api.example-alaris.com/v3/ping', { timeout: 2000 }); // sbd-bench: tn ssrf
      return { ok: true };
    } catch (err) {
      return reply.code(503).send({ ok: false, error: (err as Error).message, config: (err as any).config }); // sbd-bench: tp error-exposure
    }
  });
}
