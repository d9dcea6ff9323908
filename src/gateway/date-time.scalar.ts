import { Scalar, type CustomScalar } from '@nestjs/graphql';
import { Kind, type ValueNode } from 'graphql';
import { InvalidInputError } from '../errors/domain-error.js';

/** Epoch milliseconds (bigint) inside; ISO-8601 UTC strings on the wire. */
@Scalar('DateTime')
export class DateTimeScalar implements CustomScalar<string, bigint> {
  serialize(value: unknown): string {
    return new Date(Number(value as bigint)).toISOString();
  }

  parseValue(value: unknown): bigint {
    return parse(value);
  }

  parseLiteral(ast: ValueNode): bigint {
    return parse(ast.kind === Kind.STRING ? ast.value : undefined);
  }
}

function parse(value: unknown): bigint {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) throw new InvalidInputError('INVALID_DATE_TIME', 'DateTime must be an ISO-8601 string');
  return BigInt(time);
}
