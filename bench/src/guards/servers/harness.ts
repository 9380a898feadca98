/**
 * What every server entry shares: the port to listen on, the ready signal, and the CPU-time reports the runner
 * asks for. Each entry builds its app, then hands a `listen` function to `startServer`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CpuReply, CpuRequest, ReadyMessage } from '../protocol.js';
import { messageType } from '../protocol.js';
import { HOST } from '../workload.js';

/** Where to listen: `--port N` or `PORT`, default 0 (a free port chosen by the OS, reported back). */
function requestedPort(): number {
  const flag = process.argv.indexOf('--port');
  const raw = flag >= 0 ? process.argv[flag + 1] : process.env.PORT;
  const port = raw === undefined ? 0 : Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new TypeError(`port: not a port: ${raw}`);
  return port;
}

function onRunnerMessage(message: unknown): void {
  if (messageType(message) !== 'cpu') return;
  const { user, system } = process.cpuUsage();
  const reply: CpuReply = { type: 'cpu', id: (message as CpuRequest).id, cpuMicros: user + system };
  process.send?.(reply);
}

/**
 * Starts a server on 127.0.0.1, then announces its port: over IPC when started by the runner, else on stdout.
 * Under the runner it also answers CPU-time requests and exits when the runner goes away, so no server outlives
 * a crashed run.
 *
 * @param listen binds the app to `{ host, port }` and resolves to the listening `http.Server`.
 */
export async function startServer(
  listen: (address: { readonly host: string; readonly port: number }) => Promise<http.Server>,
): Promise<void> {
  const server = await listen({ host: HOST, port: requestedPort() });
  const { port } = server.address() as AddressInfo;
  if (process.send === undefined) {
    process.stdout.write(`${port}\n`);
    return;
  }
  process.on('message', onRunnerMessage);
  process.on('disconnect', () => process.exit(0));
  const ready: ReadyMessage = { type: 'ready', port };
  process.send(ready);
}

/** `listen` for a plain Node request handler such as an Express app. */
export function listenHandler(
  handler: http.RequestListener,
): (address: { readonly host: string; readonly port: number }) => Promise<http.Server> {
  return ({ host, port }) =>
    new Promise((resolve, reject) => {
      const server = http.createServer(handler);
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
}

/** `listen` for a Fastify app: binds it and resolves to its `http.Server`. */
export function listenFastify(app: {
  listen(address: { readonly host: string; readonly port: number }): Promise<unknown>;
  readonly server: http.Server;
}): (address: { readonly host: string; readonly port: number }) => Promise<http.Server> {
  return async (address) => {
    await app.listen(address);
    return app.server;
  };
}

/** Runs a server entry's `main`, printing the failure and exiting 1 if it cannot start. */
export function runEntry(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
