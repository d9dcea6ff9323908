// Gathers the figures each reliability file recorded (test/support/reliability-figures.ts) into
// reliability.json, prints them as a table, and fails the run when a count that must be zero is
// not. Runs after every file, so a figure is never read before it is written.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Figures that are failures whenever they are not 0, by section. */
const MUST_BE_ZERO = {
  storm: ['mismatchedRows', 'rowsOnWrongShard', 'lostWrites', 'phantomWrites', 'duplicatedEvents', 'missingEvents', 'orderViolations', 'retriesExhausted'],
  races: ['duplicateFriendships', 'missingFriendships', 'mismatchedRows', 'retriesExhausted'],
  poolExhaustion: ['hangs', 'uncodedErrors', 'crashes'],
  postgresRestart: ['lostWrites', 'phantomWrites', 'mismatchedRows', 'unknownWellAfterRestart'],
  projectorCrash: ['viewDifferences', 'missingApplications', 'phantomApplications', 'doubleApplications', 'unexpectedProjectorExits', 'backlogAfterDrain'],
  relayCrash: ['missingEvents', 'phantomEvents', 'duplicatedEvents', 'outOfOrderEvents', 'misroutedEvents', 'unexpectedRelayExits'],
  fuzzing: ['http5xx', 'leaks', 'malformed', 'unexplainedWrites'],
  isolation: ['leaks'],
};

export default class ReliabilityReporter {
  constructor(globalConfig) {
    this.directory = process.env.RELIABILITY_FIGURES_DIR ?? join(globalConfig.rootDir, '.reliability');
    this.output = join(globalConfig.rootDir, 'reliability.json');
  }

  onRunStart() {
    rmSync(this.directory, { recursive: true, force: true });
  }

  onRunComplete(_contexts, results) {
    const sections = {};
    if (existsSync(this.directory)) {
      for (const file of readdirSync(this.directory).filter((name) => name.endsWith('.json')).sort()) {
        sections[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(this.directory, file), 'utf8'));
      }
    }
    const breaches = Object.entries(MUST_BE_ZERO).flatMap(([section, names]) =>
      sections[section] ? names.filter((name) => sections[section][name] !== 0).map((name) => `${section}.${name} = ${sections[section][name]}`) : [],
    );
    const missing = Object.keys(MUST_BE_ZERO).filter((section) => !sections[section]);
    writeFileSync(this.output, JSON.stringify({ at: new Date().toISOString(), sections, breaches, missing }, null, 2) + '\n');
    console.log(`\nreliability.json\n${table(sections)}`);
    if (missing.length) console.log(`sections that recorded no figures: ${missing.join(', ')}`);
    if (breaches.length) {
      console.log(`counts that must be 0: ${breaches.join('; ')}`);
      results.success = false;
      process.exitCode = 1;
    }
  }
}

function table(sections) {
  const rows = Object.entries(sections).flatMap(([section, figures]) =>
    Object.entries(figures).map(([name, value]) => `| ${section} | ${name} | ${typeof value === 'object' ? JSON.stringify(value) : value} |`),
  );
  return ['| section | figure | value |', '| --- | --- | --- |', ...rows].join('\n');
}
