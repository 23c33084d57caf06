// The planning service's self-description; its capabilities list grows as features land.
import { Query, Resolver } from 'type-graphql';
import { ServiceInfo, serviceInfo } from '@querent/common';

export const PLANNING_CAPABILITIES: string[] = [];

@Resolver()
export class PlanningServiceResolver {
  constructor(private readonly startedAt: Date, private readonly capabilities: string[] = PLANNING_CAPABILITIES) {}

  @Query(() => ServiceInfo, { description: 'The planning service and what it can do.' })
  planningService(): ServiceInfo {
    return serviceInfo('planning', this.startedAt, this.capabilities);
  }
}
