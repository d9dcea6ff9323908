import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Kind, parse, print, type OperationTypeNode } from 'graphql';

/** One operation the repo keeps for its own clients: `operations/<Name>.graphql`. */
export interface OperationFile {
  readonly name: string;
  readonly type: OperationTypeNode;
  /** The document, printed canonically (what the manifest stores and its id hashes). */
  readonly body: string;
}

/** Every `.graphql` file of `directory`; each must hold exactly one operation named like the file. */
export function readOperationFiles(directory: string): OperationFile[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => readOperationFile(join(directory, file)));
}

function readOperationFile(path: string): OperationFile {
  const document = parse(readFileSync(path, 'utf8'));
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const expected = basename(path, '.graphql');
  if (operations.length !== 1 || operations[0].name?.value !== expected) {
    throw new Error(`${path} must hold exactly one operation, named ${expected}`);
  }
  return { name: expected, type: operations[0].operation, body: print(document) };
}
