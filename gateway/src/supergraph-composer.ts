// Composes the supergraph from the live subgraphs' SDL, standing in the committed schema/ SDL for one that is down.
import fs from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import type { Logger, SubgraphName } from '@querent/common';
import type { SubgraphEndpoint } from './subgraph-registry';

export const SCHEMA_DIR = path.resolve(__dirname, '..', '..', 'schema');

export interface Composition {
  supergraphSdl: string;
  /** Subgraphs composed from the committed SDL because they did not answer. */
  fromFallback: SubgraphName[];
}

export async function fetchSubgraphSdl(url: string, timeoutMs: number): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = (await response.json()) as { data?: { _service?: { sdl?: string } }; errors?: { message: string }[] };
  const sdl = body.data?._service?.sdl;
  if (!sdl) throw new Error(body.errors?.[0]?.message ?? 'no SDL in the answer');
  return sdl;
}

export function composeSupergraph(services: { name: string; url: string; sdl: string }[]): string {
  const result = composeServices(services.map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.sdl) })));
  if (result.errors) throw new Error(`supergraph composition failed: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl;
}

export async function composeFromEndpoints(endpoints: SubgraphEndpoint[], options: { timeoutMs: number; logger: Logger; schemaDir?: string }): Promise<Composition> {
  const schemaDir = options.schemaDir ?? SCHEMA_DIR;
  const fromFallback: SubgraphName[] = [];
  const services = await Promise.all(
    endpoints.map(async (endpoint) => {
      try {
        return { name: endpoint.name, url: endpoint.url, sdl: await fetchSubgraphSdl(endpoint.url, options.timeoutMs) };
      } catch (error) {
        const file = path.join(schemaDir, `${endpoint.name}.graphql`);
        if (!fs.existsSync(file)) throw new Error(`the ${endpoint.name} subgraph at ${endpoint.url} did not answer (${(error as Error).message}) and ${file} is missing`);
        options.logger.warn('subgraph did not answer; composing from its committed SDL', { subgraph: endpoint.name, url: endpoint.url, error: (error as Error).message });
        fromFallback.push(endpoint.name);
        return { name: endpoint.name, url: endpoint.url, sdl: fs.readFileSync(file, 'utf8') };
      }
    }),
  );
  return { supergraphSdl: composeSupergraph(services), fromFallback };
}
