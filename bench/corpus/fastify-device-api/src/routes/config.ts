// Device configuration profiles: biomed engineers upload YAML profiles for infusion pumps and monitors;
// the fleet dashboard (another origin) edits alarm limits per care area.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyJwt from '@fastify/jwt';
import fastifyCors from '@fastify/cors';
import yaml from 'js-yaml';
import { parse as parseYaml } from 'yaml';
import { deserialize as deserializeBson } from 'bson'; // bson 4.x, as pinned by the mongodb 4 driver
import { profiles } from '../models/profiles';

type AlarmLimits = Record<string, Record<string, number>>;

const careAreaLimits: Record<string, AlarmLimits> = {};
const LIMIT_FIELDS = new Set(['hrLow', 'hrHigh', 'spo2Low', 'rrLow', 'rrHigh', 'nibpSysHigh']);

export default async function configRoutes(app: FastifyInstance) {
  await app.register(fastifyCors, {
    origin: ['https://fleet.example-devices.com', 'https://biomed.example-devices.com'], // sbd-bench: tn cors
    credentials: true,
  });
  await app.register(fastifyJwt, {
    secret: { public: process.env.FLEET_JWT_PUBLIC_KEY as string },
    verify: { algorithms: ['ES256'], allowedIss: 'https://auth.example-devices.com' }, // sbd-bench: tn jwt
  });
  app.addHook('onRequest', async (request) => {
    await request.jwtVerify(); // sbd-bench: tn jwt
  });

  app.post('/profiles/import', async (request: FastifyRequest<{ Body: string }>) => {
    const profile = yaml.load(request.body, { schema: yaml.DEFAULT_FULL_SCHEMA }); // sbd-bench: tp deserialization
    return profiles.save(profile);
  });

  app.post('/profiles/import/v2', async (request: FastifyRequest<{ Body: string }>) => {
    const profile = parseYaml(request.body, { maxAliasCount: 50 }); // sbd-bench: tn deserialization
    return profiles.save(profile);
  });

  app.post('/profiles/import/bson', async (request: FastifyRequest<{ Body: Buffer }>) => {
    const profile = deserializeBson(request.body, { evalFunctions: true, cacheFunctions: true }); // sbd-bench: tp deserialization
    return profiles.save(profile);
  });

  app.post('/profiles/import/bson/v2', async (request: FastifyRequest<{ Body: Buffer }>) => {
    const profile = deserializeBson(request.body, { promoteBuffers: true }); // sbd-bench: tn deserialization
    return profiles.save(profile);
  });

  app.put('/care-areas/:area/limits/:group', async (request: FastifyRequest<{ Params: { area: string; group: string }; Body: Record<string, number> }>) => {
    const { area, group } = request.params;
    careAreaLimits[area] ??= {};
    careAreaLimits[area][group] = { ...careAreaLimits[area][group], ...request.body }; // sbd-bench: tp prototype-pollution
    return careAreaLimits[area];
  });

  app.patch('/care-areas/:area/limits/:group', async (request: FastifyRequest<{ Params: { area: string; group: string }; Body: Record<string, number> }>) => {
    const { area, group } = request.params;
    const current = profiles.limitsFor(area, group);
    Object.assign(current.alarms[group], request.body); // sbd-bench: tp prototype-pollution
    return current;
  });

  app.post('/care-areas/:area/limits', async (request: FastifyRequest<{ Params: { area: string }; Body: { field: string; value: number } }>) => {
    const { field, value } = request.body;
    if (!LIMIT_FIELDS.has(field) || !Number.isFinite(value)) return { ok: false };
    const limits = profiles.limitsFor(request.params.area, 'default');
    limits.alarms.default[field] = value; // sbd-bench: tn prototype-pollution
    return { ok: true };
  });
}
