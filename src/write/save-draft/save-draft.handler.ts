import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InvalidInputError } from '../../errors/domain-error.js';
import { DraftSaved } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { lockOwnMembership } from '../conversation-membership.js';
import { DualWrite } from '../dual-write.js';
import { MESSAGE_MAX_CHARACTERS } from '../send-message/message-preview.js';
import { SaveDraftCommand } from './save-draft.command.js';

@CommandHandler(SaveDraftCommand)
export class SaveDraftHandler implements ICommandHandler<SaveDraftCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: SaveDraftCommand): Promise<void> {
    const { viewerId, channelId } = command;
    const draft = validDraft(command.draft);
    const now = this.clock.now();
    return this.dualWrite.commit(command, async (tx) => {
      const membership = await lockOwnMembership(tx, viewerId, channelId);
      // The same text again is no new activity: the conversation keeps its place.
      if (membership.draft === draft) return { result: undefined, events: [] };
      const draftAt = draft === '' ? 0n : now;
      await tx.channelMember.update({
        where: { channelId_userId: { channelId, userId: viewerId } },
        data: { draft, draftAt },
      });
      return { result: undefined, events: [new DraftSaved(viewerId, channelId, draft, draftAt, now)] };
    });
  }
}

/** A blank draft is no draft; a draft is at most as long as a message may be. */
function validDraft(draft: string): string {
  if (draft.trim() === '') return '';
  if ([...draft].length > MESSAGE_MAX_CHARACTERS) {
    throw new InvalidInputError('DRAFT_TOO_LONG', `a draft must be at most ${MESSAGE_MAX_CHARACTERS} characters`);
  }
  return draft;
}
