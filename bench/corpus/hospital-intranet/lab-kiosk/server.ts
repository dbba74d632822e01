// Specimen drop-off kiosk in the outpatient lab: staff log specimens received from clinics.
import Koa from 'koa';
import Router from '@koa/router';
import helmet from 'koa-helmet';
import session from 'koa-session';
import CSRF from 'koa-csrf';
import cors from '@koa/cors';
import { koaBody } from 'koa-body';
import { receiveSpecimen, openManifests } from './specimens';

const CLINIC_PORTALS = new Set(['https://clinics.example-lab.org', 'https://courier.example-lab.org']);

const app = new Koa(); // sbd-bench: tn security-headers
app.keys = [process.env.KIOSK_KEY_CURRENT as string, process.env.KIOSK_KEY_PREVIOUS as string];
app.use(helmet());
app.use(
  cors({
    origin: (ctx) => (CLINIC_PORTALS.has(ctx.get('Origin')) ? ctx.get('Origin') : ''), // sbd-bench: tn cors
    credentials: true,
  }),
);
app.use(session({ key: 'lab.kiosk', httpOnly: true, secure: true, sameSite: 'strict', renew: true }, app)); // sbd-bench: tn csrf
app.use(koaBody());
app.use(new CSRF());

const router = new Router();

router.post('/shift/start', async (ctx) => {
  ctx.session!.tech = String(ctx.request.body.badge);
  ctx.cookies.set('kiosk_bench', String(ctx.request.body.bench), { httpOnly: true, secure: true, sameSite: 'strict', signed: true }); // sbd-bench: tn session
  ctx.redirect('/manifests');
});

router.get('/manifests', async (ctx) => {
  ctx.body = await openManifests();
});

router.post('/specimens', async (ctx) => {
  ctx.body = await receiveSpecimen(String(ctx.request.body.barcode), ctx.session!.tech);
});

app.use(router.routes());
export default app;
