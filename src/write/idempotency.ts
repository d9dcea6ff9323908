import type { Transaction } from '../database/transaction.js';
import { ConflictError, InvalidInputError } from '../errors/domain-error.js';

const KEY = /^[\w.:-]{8,128}$/;

export function validIdempotencyKey(key: string): string {
  if (!KEY.test(key)) {
    throw new InvalidInputError('INVALID_IDEMPOTENCY_KEY', 'idempotencyKey must be 8–128 characters of letters, digits, "_", "-", ".", ":"');
  }
  return key;
}

/**
 * Claims the key inside the command's transaction. Returns the stored result when the key was
 * used before (the command then writes nothing), or undefined when this is the first use. A
 * concurrent first use blocks on the row until it commits, so two retries never both run.
 */
export async function claimIdempotencyKey(
  tx: Transaction,
  userId: bigint,
  key: string,
  command: string,
  now: bigint,
): Promise<{ result: unknown } | undefined> {
  const [claimed] = await tx.$queryRaw<{ key: string }[]>`
    INSERT INTO command_idempotency (user_id, key, command, created_at)
    VALUES (${userId}, ${key}, ${command}, ${now})
    ON CONFLICT (user_id, key) DO NOTHING RETURNING key`;
  if (claimed) return undefined;
  const stored = await tx.commandIdempotency.findUniqueOrThrow({ where: { userId_key: { userId, key } } });
  if (stored.command !== command) {
    throw new ConflictError('IDEMPOTENCY_KEY_REUSED', `idempotencyKey "${key}" was already used for ${stored.command}`);
  }
  return { result: decode(stored.result) };
}

export async function storeIdempotentResult(tx: Transaction, userId: bigint, key: string, result: unknown): Promise<void> {
  await tx.commandIdempotency.update({ where: { userId_key: { userId, key } }, data: { result: encode(result) as object } });
}

// Results hold bigints, which JSON cannot: they are stored tagged and restored on the way out.
function encode(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null, (_k, v) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v)));
}

function decode(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (_k, v) =>
    v && typeof v === 'object' && typeof v.$bigint === 'string' && Object.keys(v).length === 1 ? BigInt(v.$bigint) : v,
  );
}
