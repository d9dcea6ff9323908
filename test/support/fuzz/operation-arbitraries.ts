import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { readFileSync } from 'node:fs';
import { projectPath } from '../../../src/config/project-paths.js';

export const schema: GraphQLSchema = buildSchema(readFileSync(projectPath('schema.graphql'), 'utf8'));

/** Values a client should never send where a typed one is expected. */
const HOSTILE_LITERALS = ['null', '"x"', '-1', '0', '1e309', '99999999999999999999', '[]', '{}', 'true', '"\\u0000"', '"9223372036854775808"', '"1 OR 1=1"', '"\'; DROP TABLE message; --"'];

/** A literal of the argument's type most of the time, a wrong one otherwise (shrinks to valid). */
function inputLiteral(type: GraphQLInputType, depth = 0): fc.Arbitrary<string> {
  return fc.oneof({ weight: 4, arbitrary: validLiteral(type, depth) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_LITERALS) });
}

function validLiteral(type: GraphQLInputType, depth: number): fc.Arbitrary<string> {
  if (isNonNullType(type)) return validLiteral(type.ofType, depth);
  if (isListType(type)) return fc.array(inputLiteral(type.ofType, depth + 1), { maxLength: 4 }).map((items) => `[${items.join(', ')}]`);
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((value) => value.name));
  if (isInputObjectType(type)) {
    if (depth > 3) return fc.constant('{}');
    const fields = Object.values(type.getFields());
    return fc
      .tuple(...fields.map((field) => fc.option(inputLiteral(field.type, depth + 1), { nil: undefined, freq: 5 })))
      .map((values) => `{ ${fields.map((field, i) => (values[i] === undefined ? '' : `${field.name}: ${values[i]}`)).join(' ')} }`);
  }
  if (isScalarType(type)) return scalarLiteral(type.name);
  return fc.constant('null');
}

function scalarLiteral(name: string): fc.Arbitrary<string> {
  switch (name) {
    case 'Int':
      return fc.oneof(fc.integer({ min: -5, max: 120 }), fc.integer()).map(String);
    case 'Boolean':
      return fc.boolean().map(String);
    case 'ID':
      return fc.oneof(fc.integer({ min: 0, max: 12 }).map(String), fc.string({ maxLength: 24 })).map((id) => JSON.stringify(id));
    default:
      return fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 40 })).map((text) => JSON.stringify(text));
  }
}

function argumentList(args: readonly GraphQLArgument[]): fc.Arbitrary<string> {
  if (args.length === 0) return fc.constant('');
  return fc
    .tuple(...args.map((arg) => fc.option(inputLiteral(arg.type), { nil: undefined, freq: 4 })))
    .map((values) => {
      const given = args.flatMap((arg, i) => (values[i] === undefined ? [] : [`${arg.name}: ${values[i]}`]));
      return given.length ? `(${given.join(', ')})` : '';
    });
}

/** A random selection of `type`'s fields, `depth` levels deep at most. */
function selectionSet(type: GraphQLObjectType, depth: number): fc.Arbitrary<string> {
  const fields = Object.values(type.getFields());
  return fc
    .subarray(fields, { minLength: 1, maxLength: Math.min(3, fields.length) })
    .chain((chosen) => fc.tuple(...chosen.map((field) => fieldSelection(field, depth))))
    .map((parts) => `{ ${parts.join(' ')} }`);
}

function fieldSelection(field: GraphQLField<unknown, unknown>, depth: number): fc.Arbitrary<string> {
  const named = getNamedType(field.type);
  const below = isObjectType(named) ? (depth > 0 ? selectionSet(named, depth - 1) : fc.constant('{ __typename }')) : fc.constant('');
  return fc.tuple(fc.option(fc.constantFrom('a', 'b', 'again'), { nil: undefined, freq: 6 }), argumentList(field.args), below).map(
    ([alias, args, sub]) => `${alias ? `${alias}: ` : ''}${field.name}${args} ${sub}`,
  );
}

/** A syntactically valid operation built from the schema, with random (often wrong) arguments. */
export const schemaOperation: fc.Arbitrary<string> = fc.constantFrom('query', 'mutation').chain((kind) => {
  const root = kind === 'query' ? schema.getQueryType()! : schema.getMutationType()!;
  return selectionSet(root, 4).map((selection) => `${kind} ${selection}`);
});

/** Shapes that exist to hurt a server: depth, alias, directive and token floods, huge pages. */
export const hostileShape: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 5, max: 60 }).map((n) => `{ ${'conversations { edges { node { members { '.repeat(n)}nickname${' } } } }'.repeat(n)} }`),
  fc.integer({ min: 10, max: 400 }).map((n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: viewer { id }`).join(' ')} }`),
  fc.integer({ min: 10, max: 400 }).map((n) => `{ viewer ${'@include(if: true) '.repeat(n)}{ id } }`),
  fc.integer({ min: 100, max: 20_000 }).map((n) => `{ viewer { ${'id '.repeat(n)}} }`),
  fc.integer({ min: 101, max: 2 ** 31 - 1 }).map((n) => `{ conversations(first: ${n}) { edges { node { members(first: ${n}) { nickname } } } } }`),
  fc.constantFrom(
    'fragment A on User { ...B } fragment B on User { ...A } { viewer { ...A } }',
    'query Q($first: Int = 100) { conversations(first: $first) { edges { node { members(first: 100) { nickname } } } } }',
    '{ __schema { types { name fields { name } } } }',
    'subscription { viewer { id } }',
  ),
);

/** Any string at all, and valid documents with a few characters changed. */
export const brokenText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc
    .tuple(schemaOperation, fc.nat(), fc.string({ minLength: 1, maxLength: 3 }))
    .map(([text, at, junk]) => text.slice(0, at % (text.length + 1)) + junk + text.slice((at % (text.length + 1)) + 1)),
);

export const anyDocument: fc.Arbitrary<string> = fc.oneof({ weight: 5, arbitrary: schemaOperation }, { weight: 2, arbitrary: hostileShape }, { weight: 2, arbitrary: brokenText });
