// Test files share the seeded databases and some of them write. A fixed order makes a run
// repeatable instead of depending on the previous run's timings: the IOM files that change
// cohort places run in the order their expectations assume, everything else by path.
const Sequencer = require('@jest/test-sequencer').default;

// The measures test counts everything up to its date, so it runs before the batching test adds
// its own conferences.
const FIRST = ['iom/workflow', 'iom/transitions', 'iom/measures', 'iom/batching', 'iom/waiting-list', 'iom/operations', 'iom/deselection', 'iom/lists'];

const rank = (path) => {
  const index = FIRST.findIndex((name) => path.includes(`/test/${name}.test.ts`));
  return index === -1 ? FIRST.length : index;
};

class StableSequencer extends Sequencer {
  sort(tests) {
    return [...tests].sort((a, b) => rank(a.path) - rank(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

module.exports = StableSequencer;
