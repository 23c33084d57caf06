// Builds real profiling for tests and the benchmark: the schema memory stack (store, dialect, bus) plus profiling jobs
// that read through the dialect's own read-only executor, with budgets the caller chooses.
import { createLogger, dialectForUrl } from '@querent/common';
import { PrismaProfileRepository } from '@querent/catalog/dist/profiling/prisma-profile-repository';
import { ProfileJobs, type ProfileBudgets } from '@querent/catalog/dist/profiling/profile-job';
import { SchemaMemoryTargets } from '@querent/catalog/dist/profiling/profile-targets';
import { openMemoryStack, type MemoryStack } from './memory-stack';

export interface ProfileStack extends MemoryStack {
  jobs: ProfileJobs;
  profiles: PrismaProfileRepository;
  /** Read-only executors opened so far (one per job). */
  executorsOpened: number;
}

export const DEFAULT_TEST_BUDGETS: ProfileBudgets = { tableMs: 5_000, databaseMs: 300_000, sampleRows: 5_000 };

export async function openProfileStack(options: { dataDir: string; url: string; budgets?: Partial<ProfileBudgets>; random?: () => number; now?: () => number }): Promise<ProfileStack> {
  const stack = await openMemoryStack({ dataDir: options.dataDir, url: options.url });
  const dialect = dialectForUrl(options.url);
  const profiles = new PrismaProfileRepository(stack.store);
  const result: ProfileStack = {
    ...stack,
    profiles,
    executorsOpened: 0,
    jobs: new ProfileJobs({
      repository: profiles,
      targets: new SchemaMemoryTargets(stack.memory),
      openExecutor: async () => {
        result.executorsOpened += 1;
        return { executor: await dialect.openExecutor(options.url, { connectTimeoutMs: 5_000, poolSize: 1 }), sampling: dialect.sampling };
      },
      bus: stack.bus,
      logger: createLogger('test', 'error'),
      budgets: { ...DEFAULT_TEST_BUDGETS, ...options.budgets },
      random: options.random,
      now: options.now,
    }),
    close: async () => {
      await result.jobs.close();
      await stack.close();
    },
  };
  return result;
}
