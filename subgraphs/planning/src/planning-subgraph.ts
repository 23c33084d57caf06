// Wires the planning subgraph: questions → plans → the ask workflow, over the catalog and execution subgraphs.
import { buildFederatedSchema, createLlmClient, type QuerentRuntime, type SubgraphService } from '@querent/common';
import { AskWorkflow } from './ask/ask-workflow';
import { PrismaAskRunRepository } from './ask/prisma-ask-run-repository';
import { GraphqlCatalogReader } from './catalog-access/graphql-catalog-reader';
import { DEFAULT_CONTEXT_BUDGET, PlanningContextBuilder } from './context/planning-context-builder';
import { AskRunFeedbackStore } from './ask/feedback-learning';
import { GraphqlExecutionPort } from './execution-access/graphql-execution-port';
import { OfflinePlanner } from './planner/offline-planner';
import { selectPlanner } from './planner/planner-selection';
import { RunHistoryExampleSource } from './planner/run-history-examples';
import { DatabaseRouter } from './routing/database-router';
import { AskResolver } from './resolvers/ask.resolver';
import { PLANNING_CAPABILITIES, PlanningServiceResolver } from './resolvers/planning-service.resolver';

/** Margin on top of the statement's own time limit before planning stops waiting for execution. */
const EXECUTE_MARGIN_MS = 5_000;

export async function createPlanningSubgraph(runtime: QuerentRuntime): Promise<SubgraphService> {
  const { settings } = runtime;
  const logger = runtime.logger.child('planning');
  // Planning reads the catalog as a viewer would: what it may know, nothing it may change.
  const catalog = new GraphqlCatalogReader(runtime.subgraphs, { timeoutMs: settings.subgraphTimeoutMs, retries: 1, role: 'viewer' });
  const execution = new GraphqlExecutionPort(runtime.subgraphs, {
    timeoutMs: settings.subgraphTimeoutMs,
    executeTimeoutMs: settings.execution.timeoutMs + EXECUTE_MARGIN_MS,
    retries: 1,
    role: 'viewer',
  });
  const runs = new PrismaAskRunRepository(runtime.store);
  const offline = new OfflinePlanner();
  // The LLM planner when OPENAI_API_KEY is set (any OpenAI-compatible endpoint), else the offline planner alone.
  const llm = createLlmClient(settings.llm, { logger: logger.child('llm') });
  const planner = selectPlanner({ llm, offline, guard: execution, examples: new RunHistoryExampleSource(runs), repairAttempts: settings.planning.llmRepairAttempts, logger });
  const workflow = new AskWorkflow({
    router: new DatabaseRouter(catalog, runs),
    contexts: new PlanningContextBuilder(catalog, DEFAULT_CONTEXT_BUDGET, new AskRunFeedbackStore(runs)),
    catalog,
    planner,
    repairAttempts: settings.planning.llmRepairAttempts,
    execution,
    services: execution,
    runs,
    bus: runtime.bus,
    logger,
  });
  const capabilities = [...PLANNING_CAPABILITIES, 'plan', 'ask', 'route', ...(llm ? ['llm-planner'] : [])];
  logger.info('planner ready', { planner: planner().kind });
  const schema = await buildFederatedSchema({
    resolvers: [PlanningServiceResolver, AskResolver],
    resolverInstances: [new PlanningServiceResolver(new Date(), capabilities), new AskResolver(workflow, runs)],
  });
  return { name: 'planning', schema, checkHealth: () => runtime.checkHealth() };
}
