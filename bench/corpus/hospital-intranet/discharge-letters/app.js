// Discharge letters: junior doctors draft letters from templates, consultants sign them off; the GP
// portal pulls signed letters. Drafts can be imported from the old Word templates.
const Koa = require('koa');
const Router = require('@koa/router');
const helmet = require('koa-helmet');
const session = require('koa-session');
const cors = require('@koa/cors');
const koaJwt = require('koa-jwt');
const { koaBody } = require('koa-body');
const AdmZip = require('adm-zip');
const libxmljs = require('libxmljs');
const serialize = require('node-serialize');
const { drafts, sign, templates } = require('./letters');

const GP_PORTALS = new Set(['https://gp.example-icb.nhs.uk', 'https://portal.example-gp.org']);

const app = new Koa(); // sbd-bench: tn security-headers
app.keys = [process.env.LETTERS_COOKIE_KEY];
app.use(helmet());
app.use(cors({ origin: (ctx) => (GP_PORTALS.has(ctx.get('Origin')) ? ctx.get('Origin') : undefined), credentials: true })); // sbd-bench: tn cors
app.use(session({ key: 'letters.sid', httpOnly: true, secure: true, sameSite: 'none' }, app)); // sbd-bench: tp csrf
app.use(koaBody({ multipart: true }));

const gpApi = new Router({ prefix: '/gp' });
gpApi.use(koaJwt({ secret: process.env.GP_PORTAL_PUBLIC_KEY, audience: 'discharge-letters' })); // sbd-bench: tp jwt
gpApi.get('/letters/:nhsNumber', async (ctx) => {
  ctx.body = await drafts.signedFor(ctx.params.nhsNumber, ctx.state.user.practice);
});

const router = new Router();

router.post('/drafts/import', async (ctx) => {
  const zip = new AdmZip(ctx.request.files.docx.filepath);
  const documentXml = zip.readAsText('word/document.xml');
  const doc = libxmljs.parseXml(documentXml, { noent: true }); // sbd-bench: tp xxe
  ctx.body = await drafts.create(ctx.session.doctor, doc.find('//*[local-name()="t"]').map((t) => t.text()).join(' '));
});

router.post('/drafts/:id/restore', async (ctx) => {
  const saved = ctx.cookies.get('letter_autosave');
  const draft = saved ? serialize.unserialize(Buffer.from(saved, 'base64').toString()) : await drafts.get(ctx.params.id); // sbd-bench: tp deserialization
  ctx.body = draft;
});

router.post('/drafts/:id/sign', async (ctx) => {
  if (ctx.session.role !== 'consultant') ctx.throw(403);
  const { stepUpToken } = await sign(ctx.params.id, ctx.session.doctor);
  // Lets the consultant sign the rest of the batch for five minutes without re-entering the PIN.
  ctx.cookies.set('signing_step_up', stepUpToken, { secure: false, maxAge: 5 * 60 * 1000 }); // sbd-bench: tp session
  ctx.status = 204;
});

router.get('/templates/search', async (ctx) => {
  const highlight = new RegExp(String(ctx.query.q || ''), 'gi'); // sbd-bench: tp redos
  ctx.body = (await templates.all()).filter((t) => highlight.test(t.title));
});

app.use(gpApi.routes()).use(router.routes());
module.exports = app;
