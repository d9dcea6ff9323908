import { projectPath } from '../../config/project-paths.js';
import { readOperationFiles } from '../persisted-queries/operation-files.js';

/** The screen QA tests most, shown at the top of the editor. */
const FIRST_OPERATION = 'Conversations';

/** What QA finds in the editor on first visit: the reads first, then every kept operation. */
export function exampleOperations(): string {
  const operations = readOperationFiles(projectPath('operations'));
  const reads = operations
    .filter((operation) => operation.type === 'query')
    .sort((a, b) => Number(b.name === FIRST_OPERATION) - Number(a.name === FIRST_OPERATION));
  const writes = operations.filter((operation) => operation.type !== 'query');
  const intro = [
    '# Hermet gateway Playground. Put a token in the Headers tab below:',
    '#   {"Authorization": "Bearer <token>"}   (npm run token -- <userId>)',
    '# then pick an operation with the run button. Docs: the book icon.',
    '',
  ].join('\n');
  return intro + [...reads, ...writes].map((operation) => operation.body).join('\n\n') + '\n';
}
