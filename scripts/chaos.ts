/**
 * `npm run chaos`: the fault-injection suite at full size (CHAOS_RUNS, default 1000 injected
 * runs). Prints the tally; exits non-zero if any accepted case was lost, any effect doubled or any figure is off.
 */
import { formatTally, runChaos } from '../test/e2e/chaos';

const runs = Number(process.env.CHAOS_RUNS ?? 1000);
const casesPerRound = Number(process.env.CHAOS_CASES_PER_ROUND ?? 150);
const settleMs = Number(process.env.CHAOS_SETTLE_MS ?? 90_000);
const tally = await runChaos({ runs, casesPerRound, settleMs, log: (line) => console.log(line) });
console.log(formatTally(tally));
process.exit(tally.lost > 0 || tally.duplicated > 0 || tally.wrongFigures > 0 || tally.recordsNotInArchive > 0 || !tally.everyCaseReachedReporting ? 1 : 0);
