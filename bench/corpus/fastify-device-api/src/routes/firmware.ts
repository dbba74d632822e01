import type { FastifyInstance, FastifyRequest, FastifyReply } from 'fastify';
import crypto from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import { request as undiciRequest } from 'undici';
import unzipper from 'unzipper';

const FIRMWARE_DIR = '/var/lib/device-api/firmware';
const SIGNING_PUBLIC_KEY = process.env.FW_SIGNING_PUBKEY as string;

export default async function firmwareRoutes(app: FastifyInstance) {
  app.post('/firmware/mirror', async (request: FastifyRequest<{ Body: { url: string; version: string } }>, reply: FastifyReply) => {
    const { url, version } = request.body;
    const upstream = await undiciRequest(url); // sbd-bench: tp ssrf
    await pipeline(upstream.body, createWriteStream(path.join(FIRMWARE_DIR, `${version}.bin`))); // sbd-bench: tp path-traversal
    return reply.code(201).send({ version });
  });

  app.post('/firmware/verify', async (request: FastifyRequest<{ Body: { image: string; checksum: string } }>) => {
    const image = Buffer.from(request.body.image, 'base64');
    const sum = crypto.createHash('sha1').update(image).digest('hex'); // sbd-bench: tp weak-crypto
    return { valid: sum === request.body.checksum };
  });

  app.post('/firmware/verify/v2', async (request: FastifyRequest<{ Body: { image: string; signature: string } }>) => {
    const image = Buffer.from(request.body.image, 'base64');
    const ok = crypto.verify('sha256', image, SIGNING_PUBLIC_KEY, Buffer.from(request.body.signature, 'base64')); // sbd-bench: tn weak-crypto
    const digest = crypto.createHash('sha512').update(image).digest('hex'); // sbd-bench: tn weak-crypto
    return { valid: ok, digest };
  });

  app.post('/firmware/bundle', async (request: FastifyRequest<{ Body: { archive: string } }>) => {
    const dir = await unzipper.Open.buffer(Buffer.from(request.body.archive, 'base64'));
    for (const entry of dir.files) {
      await pipeline(entry.stream(), createWriteStream(path.join(FIRMWARE_DIR, entry.path))); // sbd-bench: tp path-traversal
    }
    return { files: dir.files.length };
  });

  app.get('/firmware/latest', async (_request, reply) => {
    const upstream = await undiciRequest('https://updates.example-devices.com/infusion/latest.json'); // sbd-bench: tn ssrf
    return reply.send(await upstream.body.json());
  });
}
