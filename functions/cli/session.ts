/** What a command run shares with `main`: the environment it reads and the exit code it ends with. */
export interface Session {
  env: NodeJS.ProcessEnv;
  exitCode: number;
}

/** A command's parsed command line. Option keys are commander's camel-case names (`--ban-id` → `banId`). */
export interface CommandInput {
  args: string[];
  options: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
}

/** A command's implementation: returns the exit code; expected failures are thrown as errors. */
export type CommandRun = (input: CommandInput) => Promise<number>;
