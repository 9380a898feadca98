/**
 * Messages between the runner and a server process over the Node IPC channel (`child_process.fork`).
 * The server reports its own CPU time because `process.cpuUsage()` has microsecond resolution, where
 * `/proc/<pid>/stat` counts 10 ms clock ticks.
 */

/** Server → runner: listening on `port`. */
export interface ReadyMessage {
  readonly type: 'ready';
  readonly port: number;
}

/** Runner → server: report your CPU time; the answer carries the same `id`. */
export interface CpuRequest {
  readonly type: 'cpu';
  readonly id: number;
}

/** Server → runner: user + system CPU time of the whole server process since it started, in microseconds. */
export interface CpuReply {
  readonly type: 'cpu';
  readonly id: number;
  readonly cpuMicros: number;
}

/** Narrows an IPC message to a shape with a `type` field. */
export function messageType(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null || !('type' in message)) return undefined;
  return typeof message.type === 'string' ? message.type : undefined;
}
