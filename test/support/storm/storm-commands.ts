import fc from 'fast-check';

/** One planned step of the storm: what to try and who, by position; ids are resolved at run time. */
export interface PlannedCommand {
  readonly kind: CommandKind;
  readonly actor: number;
  readonly target: number;
  readonly pick: number;
}

const WEIGHTED_KINDS = {
  sendFriendRequest: 14,
  acceptFriendRequest: 10,
  declineFriendRequest: 2,
  cancelFriendRequest: 2,
  removeFriend: 2,
  setContactRemark: 3,
  blockUser: 1,
  unblockUser: 1,
  createGroup: 4,
  renameGroup: 2,
  addGroupMembers: 3,
  removeGroupMember: 1,
  leaveGroup: 1,
  transferGroupOwnership: 1,
  dissolveGroup: 1,
  sendMessage: 30,
  pinConversation: 2,
  muteConversation: 2,
  hideConversation: 2,
  closeConversation: 1,
  reopenConversation: 1,
  markConversationRead: 4,
  updateProfile: 3,
} as const;

export type CommandKind = keyof typeof WEIGHTED_KINDS;

/** The whole storm, decided up front from a seed: the same seed plans the same storm. */
export function planStorm(seed: number, commands: number, users: number): PlannedCommand[] {
  const kind = fc.oneof(...Object.entries(WEIGHTED_KINDS).map(([name, weight]) => ({ weight, arbitrary: fc.constant(name as CommandKind) })));
  const step = fc.record({ kind, actor: fc.nat(users - 1), target: fc.nat(users - 1), pick: fc.nat() });
  return fc.sample(fc.array(step, { minLength: commands, maxLength: commands }), { seed, numRuns: 1 })[0];
}

/** What the storm has learned so far from acknowledged results (never from the database). */
export class StormWorld {
  readonly pendingRequests: Array<{ id: string; from: string; to: string }> = [];
  readonly friendships: Array<{ a: string; b: string; conversationId: string }> = [];
  readonly groups: Array<{ id: string; owner: string; members: string[] }> = [];

  constructor(readonly users: readonly string[]) {}

  conversationsOf(user: string): string[] {
    return [
      ...this.friendships.filter((f) => f.a === user || f.b === user).map((f) => f.conversationId),
      ...this.groups.filter((g) => g.members.includes(user)).map((g) => g.id),
    ];
  }
}

/** A GraphQL request for a planned step, or null when the world offers nothing to do it on. */
export interface StormRequest {
  readonly query: string;
  readonly variables: Record<string, unknown>;
  readonly as: string;
  /** Applies an acknowledged result to the world. */
  readonly learn?: (data: any) => void;
  /** A unique text the step writes (message body, group name), to look for afterwards. */
  readonly marker?: { table: 'message' | 'channel'; text: string };
}

const pickOf = <T>(items: readonly T[], n: number): T | undefined => (items.length ? items[n % items.length] : undefined);
const CONVERSATION_SETTING = 'mutation($input: ConversationInput!) { %s(input: $input) { id } }';

export function stormRequest(step: PlannedCommand, index: number, world: StormWorld): StormRequest | null {
  const actor = world.users[step.actor];
  const target = world.users[step.target];
  const request = pickOf(world.pendingRequests, step.pick);
  const friendship = pickOf(world.friendships, step.pick);
  const group = pickOf(world.groups, step.pick);
  switch (step.kind) {
    case 'sendFriendRequest':
      return {
        query: 'mutation($input: SendFriendRequestInput!) { sendFriendRequest(input: $input) { id status } }',
        variables: { input: { toUserId: target, message: `hi ${index}` } },
        as: actor,
        learn: (data) => {
          if (data.sendFriendRequest.status === 'PENDING') world.pendingRequests.push({ id: data.sendFriendRequest.id, from: actor, to: target });
        },
      };
    case 'acceptFriendRequest':
      if (!request) return null;
      return {
        query: 'mutation($input: FriendRequestInput!) { acceptFriendRequest(input: $input) { conversation { id } } }',
        variables: { input: { requestId: request.id } },
        as: request.to,
        learn: (data) => world.friendships.push({ a: request.from, b: request.to, conversationId: data.acceptFriendRequest.conversation.id }),
      };
    case 'declineFriendRequest':
    case 'cancelFriendRequest':
      if (!request) return null;
      return {
        query: `mutation($input: FriendRequestInput!) { ${step.kind}(input: $input) { id } }`,
        variables: { input: { requestId: request.id } },
        as: step.kind === 'declineFriendRequest' ? request.to : request.from,
      };
    case 'removeFriend':
      if (!friendship) return null;
      return { query: 'mutation($input: UserInput!) { removeFriend(input: $input) { id } }', variables: { input: { userId: friendship.b } }, as: friendship.a };
    case 'setContactRemark':
      if (!friendship) return null;
      return {
        query: 'mutation($input: SetContactRemarkInput!) { setContactRemark(input: $input) { remark } }',
        variables: { input: { friendId: friendship.a, remark: `remark ${index}` } },
        as: friendship.b,
      };
    case 'blockUser':
    case 'unblockUser':
      return { query: `mutation($input: UserInput!) { ${step.kind}(input: $input) { blocked } }`, variables: { input: { userId: target } }, as: actor };
    case 'createGroup': {
      const members = [1, 2, 3, 4].map((n) => world.users[(step.target + n * 37) % world.users.length]).filter((m) => m !== actor);
      const name = `storm group ${index}`;
      return {
        query: 'mutation($input: CreateGroupInput!) { createGroup(input: $input) { id } }',
        variables: { input: { name, memberIds: members } },
        as: actor,
        learn: (data) => world.groups.push({ id: data.createGroup.id, owner: actor, members: [actor, ...members] }),
        marker: { table: 'channel', text: name },
      };
    }
    case 'renameGroup':
      if (!group) return null;
      return { query: 'mutation($input: RenameGroupInput!) { renameGroup(input: $input) { id } }', variables: { input: { conversationId: group.id, name: `renamed ${index}` } }, as: group.owner };
    case 'addGroupMembers':
      if (!group) return null;
      return {
        query: 'mutation($input: GroupMembersInput!) { addGroupMembers(input: $input) { id } }',
        variables: { input: { conversationId: group.id, memberIds: [target] } },
        as: group.owner,
        learn: () => group.members.includes(target) || group.members.push(target),
      };
    case 'removeGroupMember':
    case 'transferGroupOwnership': {
      const member = group && pickOf(group.members, step.target);
      if (!group || !member) return null;
      return {
        query: `mutation($input: GroupMemberInput!) { ${step.kind}(input: $input) { id } }`,
        variables: { input: { conversationId: group.id, memberId: member } },
        as: group.owner,
        learn: () => {
          if (step.kind === 'transferGroupOwnership') group.owner = member;
          else group.members.splice(group.members.indexOf(member), 1);
        },
      };
    }
    case 'leaveGroup':
    case 'dissolveGroup': {
      const member = group && (step.kind === 'dissolveGroup' ? group.owner : pickOf(group.members, step.target));
      if (!group || !member) return null;
      return { query: `mutation($input: ConversationInput!) { ${step.kind}(input: $input) { id } }`, variables: { input: { conversationId: group.id } }, as: member };
    }
    case 'sendMessage': {
      const conversation = pickOf(world.conversationsOf(actor), step.pick);
      if (!conversation) return null;
      const body = `storm message ${index}`;
      return {
        query: 'mutation($input: SendMessageInput!) { sendMessage(input: $input) { id } }',
        variables: { input: { conversationId: conversation, body } },
        as: actor,
        marker: { table: 'message', text: body },
      };
    }
    case 'updateProfile':
      return { query: 'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }', variables: { input: { nickname: `nick ${index}` } }, as: actor };
    default: {
      const conversation = pickOf(world.conversationsOf(actor), step.pick);
      if (!conversation) return null;
      return { query: CONVERSATION_SETTING.replace('%s', step.kind), variables: { input: { conversationId: conversation } }, as: actor };
    }
  }
}
