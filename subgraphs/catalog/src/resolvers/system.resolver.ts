// System status and initialization over GraphQL. systemStatus answers any role, always (it is what the first screen
// asks while nothing is set up); initialize adds databases, so it needs the admin role.
import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { QuerentError, requireRole } from '@querent/common';
import type { SystemInitializer } from '../system/system-initializer';
import type { SystemStatus as SystemStatusService, SystemStatusReport } from '../system/system-status';
import type { CatalogContext } from './catalog-context';
import { DatabaseInitSummary, DatabaseSetupStatus, InitializeInput, InitializeResult, SystemStatus } from './system.types';

function toStatus(report: SystemStatusReport): SystemStatus {
  return Object.assign(new SystemStatus(), { ...report, databases: report.databases.map((d) => Object.assign(new DatabaseSetupStatus(), d)) });
}

@Resolver()
export class SystemResolver {
  constructor(
    private readonly status: SystemStatusService,
    private readonly initializer: SystemInitializer,
  ) {}

  @Query(() => SystemStatus, { description: 'Whether Querent is set up, and the steps still missing, in words.' })
  async systemStatus(): Promise<SystemStatus> {
    return toStatus(await this.status.report());
  }

  @Mutation(() => InitializeResult, {
    description: 'Sets Querent up for the databases given (admin): add → test → discover → profile → generate DataPoints (→ approve), with progress on the initializeProgress subscription. One failing database does not stop the others.',
  })
  async initialize(@Arg('input', () => InitializeInput) input: InitializeInput, @Ctx() context: CatalogContext): Promise<InitializeResult> {
    requireRole(context, 'admin', 'initialize Querent (it adds databases)');
    if (input.databases.length === 0) throw new QuerentError('BAD_INPUT', 'name at least one database to initialize: {name, url}', { field: 'databases' });
    const result = await this.initializer.initialize(input, context.role);
    return Object.assign(new InitializeResult(), {
      initializationId: result.initializationId,
      databases: result.databases.map((d) => Object.assign(new DatabaseInitSummary(), d)),
      status: toStatus(result.status),
    });
  }
}
