/**
 * Every failure a client can cause is one of these. `code` is the stable GraphQL
 * `extensions.code`; `reason` names the broken rule precisely. They are mapped to GraphQL errors
 * in one place only: src/gateway/graphql-errors.ts.
 */
export abstract class DomainError extends Error {
  abstract readonly code: 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'PROJECTION_BEHIND';

  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInputError extends DomainError {
  readonly code = 'BAD_USER_INPUT' as const;
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT' as const;
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN' as const;
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED' as const;
}

/**
 * Not the client's mistake: the views of the viewer's database have not caught up with a write
 * the client is entitled to see yet (projector mode). Retrying shortly succeeds.
 */
export class ProjectionBehindError extends DomainError {
  readonly code = 'PROJECTION_BEHIND' as const;
}
