import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ClientEdgeConfig } from '../../config/client-edge-config.js';
import { edgeRefusalResponse } from '../graphql-errors.js';
import { playgroundAssets } from '../playground/playground-assets.js';

type Next = (error?: unknown) => void;

/**
 * What is checked before GraphQL sees a request: body size, how many operations one batch may
 * carry, which browser origins may call (CORS), and the Playground's files. Must run before
 * app.init(), which mounts Apollo behind these.
 */
export function applyHttpLimits(app: NestExpressApplication, edge: ClientEdgeConfig): void {
  // No origins configured: no CORS headers at all, so browsers keep other sites out.
  if (edge.corsOrigins.length) app.enableCors({ origin: [...edge.corsOrigins], credentials: true, maxAge: 600 });
  if (edge.playground) app.use(playgroundAssets());
  app.useBodyParser('json', { limit: edge.maxBodyBytes });
  app.useBodyParser('urlencoded', { limit: edge.maxBodyBytes, extended: true });
  app.use(unreadableBody);
  app.use((req: IncomingMessage & { body?: unknown }, res: ServerResponse, next: Next) => {
    if (Array.isArray(req.body) && req.body.length > edge.maxBatchOperations) return send(res, 400, 'TOO_MANY_OPERATIONS');
    next();
  });
}

/** The body parser's refusals, answered as GraphQL errors rather than Nest's default JSON. */
function unreadableBody(error: { type?: string } | undefined, _req: IncomingMessage, res: ServerResponse, next: Next): void {
  if (error?.type === 'entity.too.large') return send(res, 413, 'BODY_TOO_LARGE');
  if (error?.type === 'entity.parse.failed') return send(res, 400, 'MALFORMED_JSON');
  if (error?.type?.startsWith('encoding.') || error?.type === 'charset.unsupported') return send(res, 415, 'UNSUPPORTED_ENCODING');
  next(error);
}

function send(res: ServerResponse, status: number, reason: 'BODY_TOO_LARGE' | 'TOO_MANY_OPERATIONS' | 'MALFORMED_JSON' | 'UNSUPPORTED_ENCODING'): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(edgeRefusalResponse(reason)));
}
