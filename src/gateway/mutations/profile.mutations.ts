import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import type { ProfileFacts } from '../../events/index.js';
import { RegisterUserCommand } from '../../write/register-user/register-user.command.js';
import { UpdateProfileCommand } from '../../write/update-profile/update-profile.command.js';
import type { MutationRegisterUserArgs, MutationUpdateProfileArgs } from '../generated/graphql.js';
import { requireViewer, type GraphQLContext } from '../graphql-context.js';

@Resolver('Mutation')
export class ProfileMutations {
  constructor(private readonly commandBus: CommandBus) {}

  @Mutation()
  registerUser(@Args() { input }: MutationRegisterUserArgs): Promise<ProfileFacts> {
    return this.commandBus.execute(new RegisterUserCommand(input.username, input.nickname, input.avatarUrl));
  }

  @Mutation()
  updateProfile(@Args() { input }: MutationUpdateProfileArgs, @Context() context: GraphQLContext): Promise<ProfileFacts> {
    return this.commandBus.execute(new UpdateProfileCommand(requireViewer(context), input.nickname, input.avatarUrl, input.idempotencyKey));
  }
}
