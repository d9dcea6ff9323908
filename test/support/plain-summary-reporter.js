// Ends every run with one plain line, "N passed, N failed[, N skipped]", that CI log readers
// recognize in any language (Jest's own summary has a different shape). Printed on exit so that
// it comes after Jest's summary.
export default class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const line = `jest: ${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
    process.once('exit', () => process.stdout.write(`${line}\n`));
  }
}
