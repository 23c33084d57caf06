// Whether Querent is set up, and if not, what is missing, in words a person can act on ("add a database",
// "profile sales_db", "review 12 DataPoints of sales_db"). Read from the connections, profiles and the review queue.
import type { DataPointCounts } from '../datapoints/datapoint-service';

export interface StatusDatabase {
  id: string;
  name: string;
}

export interface SystemStatusPorts {
  databases(): Promise<StatusDatabase[]>;
  /** Tables of a database that have a stored profile. */
  profiledTables(connectionId: string): Promise<number>;
  dataPointCounts(): Promise<DataPointCounts>;
  /** False until profiling is wired in; then "profile …" is a step. */
  profilingAvailable: boolean;
}

export interface DatabaseStatus {
  id: string;
  name: string;
  profiledTables: number;
  dataPoints: number;
  approvedDataPoints: number;
  pendingReview: number;
}

export interface SystemStatusReport {
  /** Every registered database was profiled (when profiling is available) and has DataPoints. Reviews may still wait. */
  initialized: boolean;
  hasDatabases: boolean;
  hasDataPoints: boolean;
  /** DataPoints awaiting a person (pending or edited), over all databases. */
  pendingReview: number;
  /** What is left to do, in the order to do it; empty when nothing is. */
  missingSteps: string[];
  databases: DatabaseStatus[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export class SystemStatus {
  constructor(private readonly ports: SystemStatusPorts) {}

  async report(): Promise<SystemStatusReport> {
    const [databases, counts] = await Promise.all([this.ports.databases(), this.ports.dataPointCounts()]);
    const statuses: DatabaseStatus[] = await Promise.all(
      databases.map(async (db) => {
        const c = counts.byConnection.get(db.id);
        return {
          id: db.id,
          name: db.name,
          profiledTables: this.ports.profilingAvailable ? await this.ports.profiledTables(db.id) : 0,
          dataPoints: c?.total ?? 0,
          approvedDataPoints: c?.approved ?? 0,
          pendingReview: c?.awaitingReview ?? 0,
        };
      }),
    );
    const missingSteps: string[] = [];
    if (statuses.length === 0) {
      missingSteps.push('add a database: run `initialize` (or `querent init --url …`) with its connection URL, or `addDatabase`');
    }
    for (const db of statuses) {
      if (this.ports.profilingAvailable && db.profiledTables === 0) missingSteps.push(`profile ${db.name}`);
      if (db.dataPoints === 0) missingSteps.push(`generate DataPoints for ${db.name}`);
    }
    for (const db of statuses) {
      if (db.pendingReview > 0) missingSteps.push(`review ${plural(db.pendingReview, 'DataPoint')} of ${db.name}`);
    }
    const setUp = (db: DatabaseStatus) => db.dataPoints > 0 && (!this.ports.profilingAvailable || db.profiledTables > 0);
    return {
      initialized: statuses.length > 0 && statuses.every(setUp),
      hasDatabases: statuses.length > 0,
      hasDataPoints: counts.total > 0,
      pendingReview: counts.awaitingReview,
      missingSteps,
      databases: statuses,
    };
  }
}
