import type { Prisma } from './generated/prisma/client.js';

/** The handle every write inside a command's transaction goes through. */
export type Transaction = Prisma.TransactionClient;
