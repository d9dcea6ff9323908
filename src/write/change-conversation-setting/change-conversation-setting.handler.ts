import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ConversationSettingsChanged, type ConversationSettings } from '../../events/index.js';
import { Clock } from '../../time/clock.js';
import { lockOwnMembership } from '../conversation-membership.js';
import { DualWrite } from '../dual-write.js';
import { ChangeConversationSettingCommand, type ConversationSettingChange } from './change-conversation-setting.command.js';

@CommandHandler(ChangeConversationSettingCommand)
export class ChangeConversationSettingHandler implements ICommandHandler<ChangeConversationSettingCommand> {
  constructor(
    private readonly dualWrite: DualWrite,
    private readonly clock: Clock,
  ) {}

  execute(command: ChangeConversationSettingCommand): Promise<void> {
    const { viewerId, channelId, change } = command;
    const now = this.clock.now();
    return this.dualWrite.commit(command, async (tx) => {
      const m = await lockOwnMembership(tx, viewerId, channelId);
      const before: ConversationSettings = {
        isPinned: m.is_pinned, pinnedAt: m.pinned_at, isMuted: m.is_muted, isHidden: m.is_hidden,
        closedAt: m.closed_at, isArchived: m.is_archived, markedUnread: m.marked_unread,
      };
      const after = applyChange(before, change, now);
      // Pinning a pinned conversation (and the like) changes nothing, so it writes nothing.
      if (sameSettings(before, after)) return { result: undefined, events: [] };
      await tx.channelMember.update({ where: { channelId_userId: { channelId, userId: viewerId } }, data: after });
      return { result: undefined, events: [new ConversationSettingsChanged(viewerId, channelId, after, now)] };
    });
  }
}

function applyChange(settings: ConversationSettings, change: ConversationSettingChange, now: bigint): ConversationSettings {
  switch (change) {
    case 'PIN':
      // Pinning again keeps the original pin time (and place).
      return settings.isPinned ? settings : { ...settings, isPinned: true, pinnedAt: now };
    case 'UNPIN':
      return { ...settings, isPinned: false, pinnedAt: 0n };
    case 'MUTE':
      return { ...settings, isMuted: true };
    case 'UNMUTE':
      return { ...settings, isMuted: false };
    case 'HIDE':
      return { ...settings, isHidden: true };
    case 'CLOSE':
      return { ...settings, closedAt: settings.closedAt || now };
    case 'REOPEN':
      return { ...settings, closedAt: 0n };
    case 'ARCHIVE':
      return { ...settings, isArchived: true };
    case 'UNARCHIVE':
      return { ...settings, isArchived: false };
    case 'MARK_UNREAD':
      return { ...settings, markedUnread: true };
    default: {
      const unknown: never = change;
      throw new Error(`unknown conversation setting change ${unknown}`);
    }
  }
}

function sameSettings(a: ConversationSettings, b: ConversationSettings): boolean {
  return (Object.keys(a) as Array<keyof ConversationSettings>).every((key) => a[key] === b[key]);
}
