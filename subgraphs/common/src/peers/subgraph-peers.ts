// Where each subgraph can be reached by the others: loopback ports registered by the embedded launcher, or the
// QUERENT_<NAME>_URL settings when subgraphs run as separate processes.
import type { SubgraphName } from '../config/settings';

export class SubgraphPeers {
  private readonly urls = new Map<SubgraphName, string>();

  constructor(initial: Partial<Record<SubgraphName, string>> = {}) {
    for (const [name, url] of Object.entries(initial) as [SubgraphName, string][]) this.urls.set(name, url);
  }

  /** The embedded launcher calls this as each subgraph starts listening (ports are chosen by the OS). */
  register(name: SubgraphName, graphqlUrl: string): void {
    this.urls.set(name, graphqlUrl);
  }

  urlOf(name: SubgraphName): string | undefined {
    return this.urls.get(name);
  }
}
