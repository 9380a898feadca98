import { buildServer } from './server.js';
import { loadSettings } from './settings.js';

/** `npm start`: the wallet server with its embedded defaults on http://localhost:5000 (every loopback address). */
async function main(): Promise<void> {
  const settings = loadSettings();
  const { app } = await buildServer(settings);
  for (const notice of settings.notices) app.log.warn(notice);
  await app.listen({ port: settings.port, host: settings.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : settings.port;
  const url = `${settings.tls ? 'https' : 'http'}://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${port}`;
  app.log.info({ url }, `rampart wallet listening on ${url}`);

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  // Configuration errors name the option and are safe to print; anything else prints its name only.
  const message =
    error instanceof TypeError
      ? error.message
      : `startup failed: ${(error as Error)?.name ?? 'unknown error'}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
