// Prints one line per Node.js line and then the total, from vitest JSON reports given as
// `<node version>=<report file>`. A missing or unreadable report counts as one failure, since
// vitest did not finish. The last line is `N passed, N failed, N skipped`.
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const arg of process.argv.slice(2)) {
  const [version, file] = arg.split('=');
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    report = { numPassedTests: 0, numFailedTests: 1, numPendingTests: 0, numTodoTests: 0 };
  }
  const lineSkipped = report.numPendingTests + report.numTodoTests;
  console.log(
    `Node.js ${version}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${lineSkipped} skipped`,
  );
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += lineSkipped;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
