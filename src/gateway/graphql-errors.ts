import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { sqlState } from '../database/sql-state.js';
import { DomainError } from '../errors/domain-error.js';

/** Codes that graphql-js / Apollo produce for malformed requests: already clear and safe. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/** Prisma's codes for "no connection / transaction slot in time": the gateway is overloaded. */
const OVERLOAD_CODES = new Set(['P2024', 'P2028', 'P1001', 'P1017']);

/** Statement or lock wait cut off by statement_timeout / lock_timeout; retries exhausted. */
const OVERLOAD_SQLSTATES = new Set(['57014', '55P03', '40001', '40P01']);

/** The database could not serve the request in time; the client should retry shortly. */
function isOverload(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  if (OVERLOAD_CODES.has(e?.code ?? '') || OVERLOAD_SQLSTATES.has(sqlState(error) ?? '')) return true;
  // pg-pool's own refusal when every connection stays busy past connectionTimeoutMillis.
  return /timeout exceeded when trying to connect/.test(e?.message ?? '');
}

/**
 * The one place where errors become GraphQL errors: domain errors keep their stable code and
 * message; anything unexpected is INTERNAL_SERVER_ERROR, and in production says nothing about
 * SQL, stack or internals.
 */
export function formatGraphQLError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const { locations, path } = formatted;
    if (original instanceof DomainError) {
      return { message: original.message, locations, path, extensions: { code: original.code, reason: original.reason } };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
      return production ? { ...formatted, extensions: { ...formatted.extensions, stacktrace: undefined } } : formatted;
    }
    if (isOverload(original)) {
      return { message: 'the service is overloaded; retry shortly', locations, path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    if (production) {
      return { message: 'internal server error', locations, path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
    }
    return { ...formatted, extensions: { ...formatted.extensions, code: 'INTERNAL_SERVER_ERROR' } };
  };
}
