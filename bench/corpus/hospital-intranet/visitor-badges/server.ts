// Visitor badge desk: reception prints day badges and checks visitors against the ward's visiting list.
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyCors from '@fastify/cors';
import fastifyView from '@fastify/view';
import formbody from '@fastify/formbody';
import handlebars from 'handlebars';
import { printBadge, visitorsToday, verifyDeskPin } from './desk';

const app = Fastify({ logger: { level: 'info' } }); // sbd-bench: tp security-headers

await app.register(fastifyCors, {
  origin: (origin, cb) => cb(null, true), // sbd-bench: tp cors
  credentials: true,
});
await app.register(fastifyCookie);
await app.register(fastifySession, { // sbd-bench: tn csrf
  secret: process.env.BADGE_SESSION_SECRET as string,
  cookieName: 'badge_sid',
  cookie: { secure: true, httpOnly: true, sameSite: 'lax', maxAge: 12 * 3600 * 1000 }, // sbd-bench: tn session
});
await app.register(fastifyCsrf, { sessionPlugin: '@fastify/session' });
await app.register(formbody);
await app.register(fastifyView, { engine: { handlebars }, root: new URL('./views', import.meta.url).pathname });

app.post('/desk/unlock', async (request, reply) => {
  const { pin } = request.body as { pin: string };
  const desk = await verifyDeskPin(pin);
  if (!desk) return reply.code(401).view('unlock.hbs', { error: 'Wrong PIN' });
  await request.session.regenerate();
  request.session.set('desk', desk.id);
  reply.setCookie('badge_printer', desk.printerToken, { path: '/' }); // sbd-bench: tp session
  return reply.redirect('/visitors');
});

app.get('/visitors', async (request, reply) => {
  if (!request.session.get('desk')) return reply.redirect('/');
  return reply.view('visitors.hbs', { visitors: await visitorsToday(), csrf: await reply.generateCsrf() });
});

app.post('/visitors/:id/badge', { onRequest: app.csrfProtection }, async (request) => {
  const { id } = request.params as { id: string };
  return printBadge(id, request.session.get('desk'));
});

await app.listen({ port: 3200, host: '0.0.0.0' });
