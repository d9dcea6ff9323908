import { Command } from '@nestjs/cqrs';

export class CreateGroupCommand extends Command<{ channelId: bigint }> {
  constructor(
    readonly ownerId: bigint,
    readonly name: string,
    readonly memberIds: readonly bigint[],
    readonly avatarUrl?: string | null,
  ) {
    super();
  }
}
