import type { Database } from '../../database/database.js';
import type { ConsistencyReport } from './consistency-check.js';

/** Records a whole-deployment check: /metrics exports the latest (hermet_consistency_percent). */
export async function recordConsistencyRun(database: Database, report: ConsistencyReport, repaired: boolean): Promise<void> {
  await database.prisma.consistencyCheckRun.create({
    data: {
      finishedAt: BigInt(Date.now()),
      rowsChecked: BigInt(report.rowsChecked),
      rowsConsistent: BigInt(report.rowsConsistent),
      percentConsistent: report.percentConsistent,
      repaired,
    },
  });
}
