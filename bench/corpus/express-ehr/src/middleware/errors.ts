import type { NextFunction, Request, Response } from 'express';
import logger from '../services/logger';

export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly expose = status < 500) {
    super(message);
  }
}

export function notFound(req: Request, res: Response) {
  res.status(404).json({ error: `No route for ${req.method}` }); // sbd-bench: tn error-exposure
}

export function errorHandler(err: Error, req: Request, res: Response, _next: NextFunction) {
  logger.error('unhandled error', { path: req.path, stack: err.stack }); // sbd-bench: tn error-exposure
  if (err instanceof HttpError && err.expose) {
    return res.status(err.status).json({ error: err.message }); // sbd-bench: tn error-exposure
  }
  return res.status(500).json({ error: 'Internal Server Error', requestId: res.locals.requestId }); // sbd-bench: tn error-exposure
}

export function devErrorHandler(err: Error, _req: Request, res: Response, _next: NextFunction) {
  res.status(500).send(err.stack); // sbd-bench: tp error-exposure
}
