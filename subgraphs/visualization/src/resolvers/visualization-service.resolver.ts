// The visualization service's self-description; its capabilities list grows as features land.
import { Query, Resolver } from 'type-graphql';
import { ServiceInfo, serviceInfo } from '@querent/common';

export const VISUALIZATION_CAPABILITIES: string[] = [];

@Resolver()
export class VisualizationServiceResolver {
  constructor(private readonly startedAt: Date) {}

  @Query(() => ServiceInfo, { description: 'The visualization service and what it can do.' })
  visualizationService(): ServiceInfo {
    return serviceInfo('visualization', this.startedAt, VISUALIZATION_CAPABILITIES);
  }
}
