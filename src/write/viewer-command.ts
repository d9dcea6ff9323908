import { Command } from '@nestjs/cqrs';

/**
 * A command the viewer issues. A client may attach an idempotency key: a retried command with
 * the same key returns the first result and writes nothing again (mobile clients retry).
 */
export abstract class ViewerCommand<Result> extends Command<Result> {
  constructor(
    readonly viewerId: bigint,
    readonly idempotencyKey?: string | null,
  ) {
    super();
  }
}
