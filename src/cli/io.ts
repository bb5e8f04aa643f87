/** Everything the CLI needs from the process, injected so commands run in-process in tests. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<Buffer>;
  /** Stdin as a stream, for filters that must not hold all of it (`redact`). Defaults to `readStdin`. */
  readonly stdinStream?: () => AsyncIterable<Buffer>;
  /** Raw bytes to stdout, resolving once written (back-pressure). Defaults to `stdout` as UTF-8. */
  readonly writeStdout?: (bytes: Buffer) => Promise<void>;
  readonly stdoutIsTty: boolean;
  readonly stderrIsTty: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** Commands set the exit code here; only cli/main.ts copies it to the process. */
export interface ExitState {
  code: number;
}
