import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { exec as run, execFile } from 'node:child_process';
import mongoose from 'mongoose';
import { Device } from '../models/device';

interface DeviceQuery {
  serial?: string;
  model?: string;
}

const KNOWN_TOOLS = ['dcmdump', 'dcmftest', 'storescu'] as const;

export default async function deviceRoutes(app: FastifyInstance) {
  app.get('/devices', async (request: FastifyRequest<{ Querystring: DeviceQuery }>) => {
    return Device.find({ serial: request.query.serial }).lean().exec(); // sbd-bench: tp nosql-injection
  });

  app.get('/devices/:id', async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const device = await Device.findById(request.params.id).exec(); // sbd-bench: tn nosql-injection
    if (!device) return reply.code(404).send({ message: 'Device not found' }); // sbd-bench: tn error-exposure
    return device;
  });

  app.post('/devices/search', async (request: FastifyRequest<{ Body: { filter: Record<string, unknown> } }>) => {
    return Device.find(request.body.filter).limit(50).exec(); // sbd-bench: tp nosql-injection
  });

  app.get('/devices/by-model', async (request: FastifyRequest<{ Querystring: DeviceQuery }>) => {
    const model = String(request.query.model ?? '');
    return Device.find({ model: { $regex: model, $options: 'i' } }).exec(); // sbd-bench: tp nosql-injection
  });

  app.get('/devices/by-model/v2', async (request: FastifyRequest<{ Querystring: DeviceQuery }>) => {
    const model = String(request.query.model ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return Device.find({ model: { $regex: `^${model}`, $options: 'i' } }).exec(); // sbd-bench: tn nosql-injection
  });

  app.post('/devices/:id/dicom-check', async (request: FastifyRequest<{ Params: { id: string }; Body: { path: string } }>, reply: FastifyReply) => {
    run(`dcmdump +P 0010,0010 ${request.body.path}`, (err, stdout) => { // sbd-bench: tp command-injection
      if (err) return reply.code(500).send({ message: 'dcmdump failed' });
      return reply.send({ output: stdout });
    });
    return reply;
  });

  app.post('/devices/:id/tool', async (request: FastifyRequest<{ Body: { tool: string; file: string } }>, reply: FastifyReply) => {
    const { tool, file } = request.body;
    if (!(KNOWN_TOOLS as readonly string[]).includes(tool)) return reply.code(400).send({ message: 'Unknown tool' });
    execFile(tool, ['--', file], (err, stdout) => { // sbd-bench: tn command-injection
      reply.send({ ok: !err, output: stdout });
    });
    return reply;
  });

  app.patch('/devices/:serial', async (request: FastifyRequest<{ Params: { serial: string }; Body: Record<string, unknown> }>) => {
    return Device.updateOne({ serial: request.params.serial }, request.body).exec(); // sbd-bench: tp nosql-injection
  });

  app.post('/devices/retire', async (request: FastifyRequest<{ Body: { where: Record<string, unknown> } }>) => {
    return Device.deleteMany(request.body.where).exec(); // sbd-bench: tp nosql-injection
  });

  app.get('/plugins/:name', async (request: FastifyRequest<{ Params: { name: string } }>) => {
    const mod = await import(request.params.name); // sbd-bench: tp code-injection
    return mod.describe();
  });

  app.get('/devices/stats', async () => {
    const total = await mongoose.connection.db!.collection('devices').countDocuments({ retired: false }); // sbd-bench: tn nosql-injection
    return { total };
  });
}
