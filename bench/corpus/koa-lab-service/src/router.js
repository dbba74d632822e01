const Router = require('@koa/router');
const { MongoClient, ObjectId } = require('mongodb');
const results = require('./handlers/results');
const exportsHandler = require('./handlers/export');

const client = new MongoClient(process.env.MONGO_URL, { tls: true, tlsAllowInvalidCertificates: false }); // sbd-bench: tn tls-verification
const db = client.db('lab');
const got = require('got');
const router = new Router({ prefix: '/api' });

router.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status || 500;
    ctx.body = { message: err.message, stack: err.stack }; // sbd-bench: tp error-exposure
  }
});

router.get('/specimens', async (ctx) => {
  ctx.body = await db.collection('specimens').find(ctx.query).limit(100).toArray(); // sbd-bench: tp nosql-injection
});

router.get('/specimens/:id', async (ctx) => {
  const specimen = await db.collection('specimens').findOne({ _id: new ObjectId(ctx.params.id) }); // sbd-bench: tn nosql-injection
  if (!specimen) ctx.throw(404, 'Specimen not found');
  ctx.body = specimen;
});

router.post('/specimens/lookup', async (ctx) => {
  const { accession } = ctx.request.body;
  ctx.body = await db.collection('specimens').findOne({ accession }); // sbd-bench: tp nosql-injection
});

router.post('/specimens/lookup/v2', async (ctx) => {
  const { accession } = ctx.request.body;
  if (typeof accession !== 'string') ctx.throw(400, 'accession must be a string');
  ctx.body = await db.collection('specimens').findOne({ accession }); // sbd-bench: tn nosql-injection
});

router.get('/specimens/search/by-age', async (ctx) => {
  const minAge = Number.parseInt(ctx.query.minAge, 10) || 0;
  ctx.body = await db.collection('specimens').find({ patientAge: { $gte: minAge } }).toArray(); // sbd-bench: tn nosql-injection
});

router.get('/specimens/search/expr', async (ctx) => {
  ctx.body = await db.collection('specimens').find({ $where: `this.volumeMl > ${ctx.query.minVolume}` }).toArray(); // sbd-bench: tp nosql-injection
});

router.get('/go', (ctx) => {
  ctx.redirect(ctx.query.url); // sbd-bench: tp open-redirect
});

router.get('/back', (ctx) => {
  ctx.redirect('back', '/api/specimens'); // sbd-bench: tn open-redirect
});

router.post('/specimens/stats', async (ctx) => {
  ctx.body = await db.collection('specimens').aggregate([{ $match: ctx.request.body.match }, { $group: { _id: '$status', n: { $sum: 1 } } }]).toArray(); // sbd-bench: tp nosql-injection
});

router.get('/specimens/filter', async (ctx) => {
  const filter = JSON.parse(ctx.query.filter || '{}');
  ctx.body = await db.collection('specimens').find(filter).toArray(); // sbd-bench: tp nosql-injection
});

router.get('/specimens/by-status/:status', async (ctx) => {
  ctx.body = await db.collection('specimens').find({ status: ctx.params.status }).toArray(); // sbd-bench: tn nosql-injection
});

router.get('/reference-ranges/import', async (ctx) => {
  const ranges = await got(ctx.query.source).json(); // sbd-bench: tp ssrf
  ctx.body = { imported: ranges.length };
});

router.get('/search', async (ctx) => {
  ctx.type = 'html';
  ctx.body = `<h2>No specimens match <em>${ctx.query.q}</em></h2>`; // sbd-bench: tp xss
});

router.post('/session/end', async (ctx) => {
  ctx.redirect(ctx.request.body.returnTo || '/'); // sbd-bench: tp open-redirect
});

router.get('/results/:accession', results.show);
router.post('/results', results.create);
router.get('/export/:name', exportsHandler.download);
router.post('/export', exportsHandler.archive);

module.exports = router;
