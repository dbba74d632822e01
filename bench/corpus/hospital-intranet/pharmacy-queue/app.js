// Outpatient pharmacy queue: technicians call the next prescription, pharmacists verify and release.
const Koa = require('koa');
const Router = require('@koa/router');
const session = require('koa-session');
const bodyParser = require('koa-bodyparser');
const views = require('@ladjs/koa-views');
const { nextInQueue, markVerified, releaseToPatient } = require('./queue');
const { checkBadge } = require('./badges');

const app = new Koa(); // sbd-bench: tp security-headers
app.keys = [process.env.PHARMACY_COOKIE_KEY];
const router = new Router();

app.use(async (ctx, next) => {
  const origin = ctx.get('Origin');
  if (origin) {
    ctx.set('Access-Control-Allow-Origin', origin); // sbd-bench: tp cors
    ctx.set('Access-Control-Allow-Credentials', 'true');
    ctx.vary('Origin');
  }
  await next();
});
app.use(session({ key: 'rxq.sess', maxAge: 10 * 60 * 60 * 1000, secure: true, sameSite: 'none' }, app)); // sbd-bench: tp csrf
app.use(bodyParser());
app.use(views(`${__dirname}/views`, { extension: 'njk', map: { njk: 'nunjucks' } }));

router.post('/badge', async (ctx) => {
  const staff = await checkBadge(String(ctx.request.body.badgeId));
  if (!staff) ctx.throw(401);
  ctx.session.staff = staff;
  ctx.cookies.set('rxq_station', staff.stationToken, { httpOnly: false, secure: true, signed: true }); // sbd-bench: tp session
  ctx.redirect('/queue');
});

router.get('/queue', async (ctx) => {
  if (!ctx.session.staff) return ctx.redirect('/');
  await ctx.render('queue', { item: await nextInQueue(ctx.session.staff.counter) });
});

router.post('/rx/:rxId/verify', async (ctx) => {
  if (ctx.session.staff?.role !== 'pharmacist') ctx.throw(403);
  await markVerified(ctx.params.rxId, ctx.session.staff.id);
  ctx.redirect('/queue');
});

router.post('/rx/:rxId/release', async (ctx) => {
  if (!ctx.session.staff) ctx.throw(401);
  await releaseToPatient(ctx.params.rxId, ctx.session.staff.id);
  ctx.redirect('/queue');
});

app.use(router.routes()).use(router.allowedMethods());
app.listen(3100);
