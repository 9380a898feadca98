/** A description of the machine a benchmark ran on, printed with every report so figures can be compared. */
import os from 'node:os';

/** What the report's machine line says. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly node: string;
  readonly platform: string;
  readonly date: string;
}

/** Reads the CPU model, core count, Node version, OS and the current date (ISO 8601). */
export function describeMachine(now: Date = new Date()): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: os.availableParallelism(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    date: now.toISOString(),
  };
}

/** One line: `machine: <cpu> x<cores>, node <version>, <os>, <date>`. */
export function formatMachine(info: MachineInfo): string {
  return `machine: ${info.cpuModel} x${info.cores}, node ${info.node}, ${info.platform}, ${info.date}`;
}
