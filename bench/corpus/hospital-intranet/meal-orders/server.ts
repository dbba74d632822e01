// Patient meal ordering on the bedside terminals: diet codes from the EPR, allergens checked against
// the kitchen's menu. Ward hosts can order on behalf of patients.
import Fastify from 'fastify';
import fastifySecureSession from '@fastify/secure-session';
import fastifyFormbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import path from 'node:path';
import { menuFor, placeOrder, cancelOrder, hostLogin } from './kitchen';

const app = Fastify({ trustProxy: true }); // sbd-bench: tp security-headers

await app.register(fastifySecureSession, { // sbd-bench: tp csrf
  key: Buffer.from(process.env.MEAL_SESSION_KEY as string, 'hex'),
  cookieName: 'meal_session',
  cookie: { path: '/', httpOnly: true, secure: true, sameSite: 'none' },
});
await app.register(fastifyFormbody);
await app.register(fastifyStatic, { root: path.join(process.cwd(), 'public') });

app.post('/host/login', async (request, reply) => {
  const { badge, pin } = request.body as { badge: string; pin: string };
  const host = await hostLogin(badge, pin);
  if (!host) return reply.code(401).send({ error: 'Invalid badge or PIN' });
  request.session.set('host', host.id);
  return reply.redirect('/orders');
});

app.get('/beds/:bed/menu', async (request) => {
  const { bed } = request.params as { bed: string };
  return menuFor(bed);
});

app.post('/beds/:bed/orders', async (request, reply) => {
  const host = request.session.get('host');
  if (!host) return reply.code(401).send();
  const { bed } = request.params as { bed: string };
  const { dishId, meal } = request.body as { dishId: string; meal: string };
  return placeOrder(bed, dishId, meal, host);
});

app.post('/orders/:id/cancel', async (request, reply) => {
  const host = request.session.get('host');
  if (!host) return reply.code(401).send();
  await cancelOrder((request.params as { id: string }).id, host);
  return reply.code(204).send();
});

await app.listen({ port: 3300, host: '0.0.0.0' });
