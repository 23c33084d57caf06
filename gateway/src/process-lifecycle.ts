// Runs a Querent process: one clear line and a non-zero exit when start-up fails, a clean shutdown on Ctrl-C or SIGTERM.
import { createLogger, loadSettings, QuerentError, redactSecrets, type Logger, type Settings } from '@querent/common';

const FORCE_EXIT_AFTER_MS = 10_000;

function describeStartupError(error: unknown, settings?: Settings): string {
  const e = error as NodeJS.ErrnoException & { port?: number };
  if (e.code === 'EADDRINUSE') return `PORT ${settings?.port ?? ''} is already in use; stop the other process or set PORT to a free port`.replace('PORT  ', 'PORT ');
  if (e.code === 'EACCES' && e.syscall === 'listen') return `PORT ${settings?.port ?? ''}: permission denied; choose a port above 1024`;
  if (error instanceof QuerentError) return error.message;
  return redactSecrets(e?.message ?? String(error));
}

export async function runProcess(name: string, start: (settings: Settings, logger: Logger) => Promise<{ close(): Promise<void>; banner?: string }>): Promise<void> {
  let settings: Settings;
  try {
    settings = loadSettings();
  } catch (error) {
    process.stderr.write(`querent: ${describeStartupError(error)}\n`);
    process.exit(2);
  }
  const logger = createLogger(name, settings.logLevel);
  let running: { close(): Promise<void>; banner?: string };
  try {
    running = await start(settings, logger);
  } catch (error) {
    process.stderr.write(`querent: ${describeStartupError(error, settings)}\n`);
    // 2 for what the operator must fix in the command or environment, 1 for everything else.
    process.exit(error instanceof QuerentError && (error.code === 'CONFIG_INVALID' || error.code === 'BAD_INPUT') ? 2 : 1);
  }
  if (running.banner) process.stdout.write(running.banner + '\n');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      process.stderr.write('querent: forced exit\n');
      process.exit(130);
    }
    stopping = true;
    logger.info('shutting down', { signal });
    setTimeout(() => {
      process.stderr.write('querent: shutdown took too long; exiting\n');
      process.exit(1);
    }, FORCE_EXIT_AFTER_MS).unref();
    running.close().then(
      () => process.exit(0),
      (error: Error) => {
        logger.error('shutdown failed', { error: error.message });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
