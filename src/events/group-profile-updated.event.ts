import type { DomainEvent } from './domain-event.js';

/** A group's name and/or avatar changed (renameGroup, setGroupAvatar). */
export class GroupProfileUpdated implements DomainEvent {
  readonly aggregate = 'channel';
  constructor(
    readonly channelId: bigint,
    readonly updatedBy: bigint,
    /** The profile after the change. */
    readonly name: string,
    readonly avatarUrl: string,
    /** The channel's new `info_ver`: orders concurrent changes (an older one never wins). */
    readonly infoVer: bigint,
    /** Everyone whose list shows the group: current members and former ones (closed rows). */
    readonly rowOwnerIds: readonly bigint[],
    readonly occurredAt: bigint,
  ) {}
  get aggregateId() {
    return this.channelId;
  }
}
