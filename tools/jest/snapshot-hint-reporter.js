"use strict";
// A Jest reporter that says how to accept a changed snapshot: `npm test` runs Jest with --ci,
// which never writes one, so a changed or new snapshot fails the run until it is accepted.
class SnapshotHintReporter {
  onRunComplete(_contexts, results) {
    const { unmatched, unchecked } = results.snapshot;
    if (unmatched === 0 && unchecked === 0) return;
    const what = [
      unmatched > 0 ? `${unmatched} snapshot(s) differ from the recorded output or are not recorded yet` : "",
      unchecked > 0 ? `${unchecked} recorded snapshot(s) belong to no test any more` : "",
    ].filter(Boolean);
    process.stderr.write(
      `\n${what.join("; ")}.\nReview the difference above; if it is intended, accept it with:\n\n  npm run test:update\n\nand commit the updated __tests__/__snapshots__/ with the change.\n`,
    );
  }
}

module.exports = SnapshotHintReporter;
