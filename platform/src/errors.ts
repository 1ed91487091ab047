/** A failure that maps to an HTTP problem document (RFC 9457). */
export class HttpProblem extends Error {
  override name = 'HttpProblem';
  constructor(
    readonly status: number,
    /** Stable, documented identifier of the problem kind, e.g. `validation-failed`. */
    readonly kind: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: { path: string; message: string }[],
    options?: { cause?: unknown },
  ) {
    super(detail ?? title, options);
  }
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}
