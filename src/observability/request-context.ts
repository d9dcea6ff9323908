import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What follows one HTTP request through resolvers, command handlers and the outbox. */
interface RequestContext {
  readonly requestId: string;
  /** The newest transaction this request wrote in (recorded in projector mode only). */
  writeTxId?: bigint;
}

const storage = new AsyncLocalStorage<RequestContext>();
const WELL_FORMED_ID = /^[\w.:-]{1,128}$/;

type IdentifiedRequest = IncomingMessage & { id?: unknown; receivedAt?: number };

/**
 * Express middleware, first in the chain: names the request (the caller's `x-request-id` when
 * sane, a proxy's usually, else a new UUID) and runs the rest of it inside that context, so
 * the log lines, the masked errors and the outbox rows of this request all carry the same id.
 */
export function bindRequestContext(req: IdentifiedRequest, res: ServerResponse, next: () => void): void {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && WELL_FORMED_ID.test(given) ? given : randomUUID();
  req.id = requestId;
  req.receivedAt = performance.now();
  res.setHeader('x-request-id', requestId);
  storage.run({ requestId }, next);
}

/** The id bound by bindRequestContext (the `req.id` pino-http logs). */
export function requestIdOf(req: IdentifiedRequest): string {
  return typeof req.id === 'string' ? req.id : randomUUID();
}

/** Milliseconds since bindRequestContext saw the request (0 if it did not). */
export function requestAgeMs(req: IdentifiedRequest): number {
  return req.receivedAt === undefined ? 0 : performance.now() - req.receivedAt;
}

/** The current request's id; null outside a request (CLI, demo data, background work). */
export function currentRequestId(): string | null {
  return storage.getStore()?.requestId ?? null;
}

/** Remembers that the current request wrote in transaction `txId` (read-your-writes in projector mode). */
export function recordWriteTransaction(txId: bigint): void {
  const store = storage.getStore();
  if (store && (store.writeTxId === undefined || txId > store.writeTxId)) store.writeTxId = txId;
}

/** The newest transaction the current request wrote in; null when it wrote none (or is not a request). */
export function currentWriteTransaction(): bigint | null {
  return storage.getStore()?.writeTxId ?? null;
}
