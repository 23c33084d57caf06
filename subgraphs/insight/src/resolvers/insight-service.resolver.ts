// The insight service's self-description; its capabilities list grows as features land.
import { Query, Resolver } from 'type-graphql';
import { ServiceInfo, serviceInfo } from '@querent/common';

export const INSIGHT_CAPABILITIES: string[] = [];

@Resolver()
export class InsightServiceResolver {
  constructor(private readonly startedAt: Date) {}

  @Query(() => ServiceInfo, { description: 'The insight service and what it can do.' })
  insightService(): ServiceInfo {
    return serviceInfo('insight', this.startedAt, INSIGHT_CAPABILITIES);
  }
}
