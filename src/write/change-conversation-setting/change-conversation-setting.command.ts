import { ViewerCommand } from '../viewer-command.js';

export type ConversationSettingChange =
  | 'PIN' | 'UNPIN' | 'MUTE' | 'UNMUTE' | 'HIDE' | 'CLOSE' | 'REOPEN' | 'ARCHIVE' | 'UNARCHIVE' | 'MARK_UNREAD';

/** One change to the viewer's own settings of one conversation. */
export class ChangeConversationSettingCommand extends ViewerCommand<void> {
  constructor(
    viewerId: bigint,
    readonly channelId: bigint,
    readonly change: ConversationSettingChange,
    idempotencyKey?: string | null,
  ) {
    super(viewerId, idempotencyKey);
  }
}
