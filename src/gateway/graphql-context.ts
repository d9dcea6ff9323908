import { UnauthenticatedError, type DomainError } from '../errors/domain-error.js';
import type { RequestLoaders } from './request-loaders.js';

/** What every resolver of one request shares. */
export interface GraphQLContext {
  /** The user named by a valid bearer token; null without one. */
  readonly viewerId: bigint | null;
  /** Why a presented token was refused (an absent token is not an error until a field needs it). */
  readonly authenticationError: DomainError | null;
  readonly loaders: RequestLoaders;
  /** Quoted in masked errors and logs (see request-id.plugin.ts). */
  readonly requestId: string;
  /** Who to count an anonymous mutation against (rate limit). */
  readonly clientAddress: string;
}

export function requireViewer(context: GraphQLContext): bigint {
  if (context.authenticationError) throw context.authenticationError;
  if (context.viewerId === null) {
    throw new UnauthenticatedError('MISSING_TOKEN', 'send "Authorization: Bearer <token>" to use this field');
  }
  return context.viewerId;
}
