import { readOperationFiles, type OperationFile } from '../../src/gateway/persisted-queries/operation-files.js';
import { projectPath } from '../../src/config/project-paths.js';

let byName: Map<string, OperationFile> | undefined;

/** The text of `operations/<name>.graphql`: tests speak the same operations our clients ship. */
export function operation(name: string): string {
  byName ??= new Map(readOperationFiles(projectPath('operations')).map((file) => [file.name, file]));
  const found = byName.get(name);
  if (!found) throw new Error(`no operations/${name}.graphql`);
  return found.body;
}
