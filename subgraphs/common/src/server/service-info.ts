// ServiceInfo: what a subgraph says about itself (name, version, what it can do now); shareable across subgraphs.
import { Directive, Field, ObjectType } from 'type-graphql';

const VERSION = '0.1.0';

@Directive('@shareable')
@ObjectType({ description: 'A Querent service and the capabilities it offers in this version.' })
export class ServiceInfo {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  version!: string;

  @Field(() => Date, { description: 'When this service process started.' })
  startedAt!: Date;

  @Field(() => [String], { description: 'What this service can do now; an empty list means it is only a skeleton so far.' })
  capabilities!: string[];
}

export function serviceInfo(name: string, startedAt: Date, capabilities: string[]): ServiceInfo {
  return Object.assign(new ServiceInfo(), { name, version: VERSION, startedAt, capabilities });
}
