// The few error types netxray throws; the CLI maps their codes to exit statuses (README.md, docs/trace.md).

/** Exit statuses of the `netxray` command. */
export const EXIT = {
  ok: 0,
  /** The run finished but found problems the user asked to fail on. */
  findings: 1,
  /** Bad input: unknown package, missing path, wrong model version, bad flag value. */
  usage: 2,
  /** Something outside netxray failed (python3 missing, cloud unreachable). */
  environment: 3,
  /** `trace`: nothing wrong was found, but a part of the path could not be checked (not "healthy"). */
  unverified: 4,
} as const;

export type ErrorCode =
  | 'bad-input'
  | 'not-found'
  | 'bad-model'
  | 'environment'
  /** The cloud refused the credentials (Keystone 401 on authentication). */
  | 'auth';

/** An error meant for the user: its message is one line that says what to do. */
export class NetxrayError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'NetxrayError';
    this.code = code;
  }

  get exitCode(): number {
    return this.code === 'environment' ? EXIT.environment : EXIT.usage;
  }
}
