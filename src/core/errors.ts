/** Errors for bad configuration, bad input and bugs. Expected network outcomes are statuses, not errors. */
export class AppError extends Error {
  constructor(
    readonly code: `ERR_${string}`,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

/** Bad command-line usage or arguments: exit code 2. */
export class UsageError extends AppError {
  constructor(message: string) {
    super('ERR_USAGE', message);
    this.name = 'UsageError';
  }
}

export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));
