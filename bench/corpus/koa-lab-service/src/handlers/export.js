const fs = require('fs');
const path = require('path');
const util = require('util');
const childProcess = require('child_process');

const run = util.promisify(childProcess.exec);
const EXPORT_ROOT = '/var/lab/exports';

async function download(ctx) {
  ctx.type = 'application/zip';
  ctx.body = fs.createReadStream(`${EXPORT_ROOT}/${ctx.params.name}`); // sbd-bench: tp path-traversal
}

async function archive(ctx) {
  const name = ctx.request.body.name;
  await run('zip -r ' + name + '.zip results/', { cwd: EXPORT_ROOT }); // sbd-bench: tp command-injection
  ctx.status = 202;
}

async function purge(ctx) {
  const days = parseInt(ctx.query.days, 10);
  if (!Number.isFinite(days)) ctx.throw(400);
  await run(`find results/ -mtime +${days} -delete`, { cwd: EXPORT_ROOT }); // sbd-bench: tn command-injection
  ctx.status = 204;
}

async function list(ctx) {
  const entries = await fs.promises.readdir(path.join(EXPORT_ROOT, 'results')); // sbd-bench: tn path-traversal
  ctx.body = entries.filter((e) => e.endsWith('.zip'));
}

async function remove(ctx) {
  fs.rmSync(path.join(EXPORT_ROOT, 'results', ctx.params.batch), { recursive: true, force: true }); // sbd-bench: tp path-traversal
  ctx.status = 204;
}

async function downloadNamed(ctx) {
  const name = path.basename(ctx.params.name);
  ctx.attachment(name);
  ctx.body = fs.createReadStream(path.join(EXPORT_ROOT, name)); // sbd-bench: tn path-traversal
}

module.exports = { download, downloadNamed, archive, purge, list, remove };
