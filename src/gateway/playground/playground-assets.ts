import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveStatic } from 'ruru/static';
import { PLAYGROUND_ASSETS_PATH } from './playground.plugin.js';

/** The Playground's own files (bundled in the ruru package), under PLAYGROUND_ASSETS_PATH. */
export function playgroundAssets() {
  const serve = serveStatic(PLAYGROUND_ASSETS_PATH);
  return (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    serve(req, res, next);
  };
}
