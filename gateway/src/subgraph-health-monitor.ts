// Watches every subgraph's /health, reports the gateway's own health, and publishes each change on the bus.
import { TOPICS, type EventBus, type Logger, type SubgraphName } from '@querent/common';
import { healthUrlOf, type SubgraphEndpoint } from './subgraph-registry';

export interface SubgraphHealth {
  name: SubgraphName;
  healthy: boolean;
  url: string;
  error?: string;
}

export interface GatewayHealth {
  status: 'ok' | 'degraded';
  subgraphs: SubgraphHealth[];
}

const PROBE_TIMEOUT_MS = 2000;

export class SubgraphHealthMonitor {
  private readonly state = new Map<SubgraphName, SubgraphHealth>();
  private timer?: NodeJS.Timeout;
  private checking?: Promise<void>;

  constructor(
    private readonly endpoints: SubgraphEndpoint[],
    private readonly options: { bus: EventBus; logger: Logger; intervalMs: number; onRecovered?: (names: SubgraphName[]) => void },
  ) {}

  private async probe(endpoint: SubgraphEndpoint): Promise<SubgraphHealth> {
    try {
      const response = await fetch(healthUrlOf(endpoint.url), { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      const body = (await response.json().catch(() => ({}))) as { status?: string; error?: string };
      const healthy = response.ok && body.status === 'ok';
      return { name: endpoint.name, url: endpoint.url, healthy, ...(healthy ? {} : { error: body.error ?? `health answered HTTP ${response.status}` }) };
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      return { name: endpoint.name, url: endpoint.url, healthy: false, error: e.name === 'TimeoutError' ? `no answer within ${PROBE_TIMEOUT_MS} ms` : e.cause?.code ?? e.message };
    }
  }

  /** Probes all subgraphs once; concurrent callers share one round of probes. */
  check(): Promise<void> {
    this.checking ??= this.runCheck().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async runCheck(): Promise<void> {
    const results = await Promise.all(this.endpoints.map((e) => this.probe(e)));
    const recovered: SubgraphName[] = [];
    for (const result of results) {
      const previous = this.state.get(result.name);
      this.state.set(result.name, result);
      if (previous && previous.healthy === result.healthy) continue;
      if (previous && result.healthy) recovered.push(result.name);
      if (!result.healthy) this.options.logger.warn('subgraph unhealthy', { subgraph: result.name, url: result.url, error: result.error });
      else if (previous) this.options.logger.info('subgraph healthy again', { subgraph: result.name });
      await this.options.bus
        .publish(TOPICS.SUBGRAPH_HEALTH, { name: result.name, healthy: result.healthy, url: result.url, at: new Date().toISOString(), ...(result.error ? { error: result.error } : {}) })
        .catch((error: Error) => this.options.logger.warn('could not publish a health event', { error: error.message }));
    }
    if (recovered.length > 0) this.options.onRecovered?.(recovered);
  }

  start(): void {
    this.timer = setInterval(() => void this.check(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  report(): GatewayHealth {
    const subgraphs = this.endpoints.map((e) => this.state.get(e.name) ?? { name: e.name, url: e.url, healthy: false, error: 'not checked yet' });
    return { status: subgraphs.every((s) => s.healthy) ? 'ok' : 'degraded', subgraphs };
  }
}
