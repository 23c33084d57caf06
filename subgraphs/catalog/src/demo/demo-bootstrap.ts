// First start: generates the demo database into the data directory if it is missing and registers it once.
import fs from 'node:fs';
import path from 'node:path';
import { QuerentError, type Logger } from '@querent/common';
import type { ConnectionService } from '../connections/connection-service';
import { generateDemoDatabase } from './demo-database';

export const DEMO_FILE_NAME = 'demo.db';

export async function bootstrapDemoDatabase(options: { dataDir: string; connections: ConnectionService; logger: Logger }): Promise<void> {
  const file = path.join(options.dataDir, DEMO_FILE_NAME);
  if (!fs.existsSync(file)) {
    options.logger.info('generating the demo database (first start)', { file });
    try {
      const summary = generateDemoDatabase(file);
      options.logger.info('demo database ready', { file, ms: Math.round(summary.durationMs), orders: summary.tables.orders });
    } catch (error) {
      throw new QuerentError('DEMO_GENERATION_FAILED', `could not generate the demo database at ${file}: ${(error as Error).message}`);
    }
  }
  const registered = await options.connections.registerDemoOnce(file);
  if (registered) options.logger.info('registered the demo database', { name: registered.name, default: registered.isDefault });
}
