import { Catch } from '@nestjs/common';
import type { GqlExceptionFilter } from '@nestjs/graphql';
import { DomainError } from '../errors/domain-error.js';

/**
 * A domain error is an answer, not a fault: hand it to GraphQL (formatGraphQLError gives it its
 * code) without Nest logging it as an unhandled exception.
 */
@Catch(DomainError)
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(error: DomainError): DomainError {
    return error;
  }
}
