// A separate process that runs one forced refresh and says when it started, so a test can kill it mid-way.
import { TOPICS } from '@querent/common';
import { openMemoryStack } from './memory-stack';

async function main(): Promise<void> {
  const [dataDir, url, connectionId, schema] = process.argv.slice(2);
  const stack = await openMemoryStack({ dataDir, url, connectionId });
  await stack.bus.subscribe(TOPICS.REFRESH_PROGRESS, (event) => {
    if (event.phase === 'READING') process.stdout.write(`READING ${event.refreshRunId}\n`);
  });
  await stack.memory.refresh(stack.connectionId, { schema, force: true }, 'user');
  process.stdout.write('DONE\n');
  await stack.close();
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
