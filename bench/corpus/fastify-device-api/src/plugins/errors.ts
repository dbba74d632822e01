import type { FastifyInstance, FastifyError } from 'fastify';
import fp from 'fastify-plugin';

export default fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    request.log.error({ err: error }, 'request failed'); // sbd-bench: tn error-exposure
    if (error.validation) {
      return reply.code(400).send({ message: 'Invalid request', issues: error.validation.map((v) => v.instancePath) }); // sbd-bench: tn error-exposure
    }
    if (process.env.DEBUG_ERRORS === '1') {
      return reply.code(500).send({ message: error.message, stack: error.stack }); // sbd-bench: tp error-exposure
    }
    return reply.code(500).send({ message: 'Internal error' });
  });

  app.addHook('preHandler', async (request) => {
    request.log.info({ body: request.body }, 'incoming observation'); // sbd-bench: tp phi-in-logs
  });
});
