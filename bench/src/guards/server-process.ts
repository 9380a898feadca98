/**
 * Starts one stack's server as a child process, waits for it to listen, reads its CPU time, and stops it.
 * A separate process keeps the load generator's CPU out of the server's figures.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { CpuReply, CpuRequest } from './protocol.js';
import { messageType } from './protocol.js';

/** A running server process. */
export interface ServerProcess {
  readonly pid: number;
  readonly port: number;
  /** User + system CPU time the server has used since it started, in microseconds. */
  cpuMicros(): Promise<number>;
  /** The last few kilobytes the server wrote to stdout and stderr, for failure reports. */
  output(): string;
  /** Stops the server: SIGTERM, then SIGKILL if it has not exited within a second. */
  stop(): Promise<void>;
}

const OUTPUT_KEEP_CHARS = 4096;

/** The compiled server entry of a stack: `dist/src/guards/servers/<id>.js` beside this file. */
export function serverScript(stackId: string): string {
  return fileURLToPath(new URL(`./servers/${stackId}.js`, import.meta.url));
}

/** Preloaded into every server process, so every stack runs with the same JIT state (see the module). */
const WARM_NEXT_TICK = new URL('./servers/warm-next-tick.js', import.meta.url).href;

function waitForMessage<T>(child: ChildProcess, matches: (message: unknown) => boolean, timeoutMs: number) {
  return new Promise<T>((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: unknown): void => {
      if (!matches(message)) return;
      cleanup();
      resolve(message as T);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      cleanup();
      reject(new Error(`server exited (code ${code}, signal ${signal})`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`server did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/**
 * Forks `node <script>` with an IPC channel and `NODE_ENV=production`, the same preloaded warm-up in every stack, and
 * resolves once it reports its port.
 *
 * @throws {Error} when the server exits or stays silent for `readyTimeoutMs`; the error includes its output.
 */
export async function startServerProcess(options: {
  readonly script: string;
  readonly readyTimeoutMs: number;
}): Promise<ServerProcess> {
  const child = fork(options.script, [], {
    execArgv: ['--import', WARM_NEXT_TICK],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production', PORT: '0' },
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEEP_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
    await exited;
    clearTimeout(timer);
  };

  let ready: { readonly port: number };
  try {
    ready = await waitForMessage(
      child,
      (message) => messageType(message) === 'ready',
      options.readyTimeoutMs,
    );
  } catch (error) {
    await stop();
    throw new Error(`${options.script}: ${(error as Error).message}\n${output}`);
  }

  let nextId = 1;
  return {
    pid: child.pid ?? -1,
    port: ready.port,
    async cpuMicros() {
      const request: CpuRequest = { type: 'cpu', id: nextId++ };
      const answer = waitForMessage<CpuReply>(
        child,
        (message) => messageType(message) === 'cpu' && (message as CpuReply).id === request.id,
        10_000,
      );
      child.send(request);
      return (await answer).cpuMicros;
    },
    output: () => output,
    stop,
  };
}
