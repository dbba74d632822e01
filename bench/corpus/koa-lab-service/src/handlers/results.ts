import type { Context } from 'koa';
import { Collection, MongoClient } from 'mongodb';
import pino from 'pino';

const log = pino({ level: 'info' });
const mongo = new MongoClient(process.env.MONGO_URL as string);
const results: Collection = mongo.db('lab').collection('results');

export async function show(ctx: Context) {
  const accession = ctx.params.accession;
  const doc = await results.findOne({ accession: { $eq: accession } }); // sbd-bench: tn nosql-injection
  if (!doc) {
    ctx.status = 404;
    ctx.body = { error: 'No result for that accession' }; // sbd-bench: tn error-exposure
    return;
  }
  log.info({ accession, analytes: doc.analytes.length }, 'result served'); // sbd-bench: tn phi-in-logs
  ctx.body = doc;
}

export async function create(ctx: Context) {
  const body = ctx.request.body as Record<string, unknown>;
  log.info({ result: body }, 'result received from analyzer'); // sbd-bench: tp phi-in-logs
  try {
    await results.insertOne({ ...body, receivedAt: new Date() });
    ctx.status = 201;
  } catch (e) {
    const err = e as Error;
    ctx.status = 500;
    ctx.body = { error: err.message, stack: err.stack }; // sbd-bench: tp error-exposure
  }
}

export async function amend(ctx: Context) {
  const { id } = ctx.params;
  await results.updateOne({ accession: id }, ctx.request.body as object); // sbd-bench: tp nosql-injection
  ctx.status = 204;
}
