/** What `main.ts` needs from a benchmark module. */
export interface Subcommand {
  /**
   * Runs the benchmark with the arguments after the subcommand name.
   * Resolves to the process exit code: 0 on success, 1 when a measurement is invalid, 2 on bad arguments.
   */
  run(argv: readonly string[]): Promise<number>;
}
