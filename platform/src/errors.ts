/** A step that may be taken on a work order or dispute in its current state, and the roles that may take it. */
export interface AllowedAction {
  action: string;
  roles: string[];
}

/** A failure that maps to an HTTP problem document (RFC 9457). */
export class HttpProblem extends Error {
  override name = 'HttpProblem';
  /** For a step refused at the wrong moment (409): what may be done now, and by whom. */
  readonly allowedNow?: AllowedAction[];
  constructor(
    readonly status: number,
    /** Stable, documented identifier of the problem kind, e.g. `validation-failed`. */
    readonly kind: string,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: { path: string; message: string }[],
    options?: { cause?: unknown; allowedNow?: AllowedAction[] },
  ) {
    super(detail ?? title, options);
    this.allowedNow = options?.allowedNow;
  }
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}
