import type { CallbackEndpoint } from '../domain/callbacks/endpoints';

/** How long a partner known to have an endpoint is taken to still have one, without asking again. */
const knownForMs = 60_000;

/**
 * Whether a partner has a callback endpoint to tell of a change: a partner without one (most
 * poll `changedSince`, or read a case when asked) gets no notice events, which would only be
 * stored, sent, received and dropped (three write units, four queue requests and a share of an
 * invocation each). A partner with one is remembered for a minute; one without is asked again
 * every time (one strong read), so an endpoint registered now hears of the next change.
 */
export class CallbackAudience {
  private readonly known = new Map<string, number>();

  constructor(
    private readonly listEndpoints: (partnerId: string) => Promise<CallbackEndpoint[]>,
    private readonly now: () => number = Date.now,
  ) {}

  async listens(partnerId: string): Promise<boolean> {
    const since = this.known.get(partnerId);
    if (since !== undefined && this.now() - since < knownForMs) return true;
    const active = (await this.listEndpoints(partnerId)).some((endpoint) => !endpoint.disabledAt);
    if (active) this.known.set(partnerId, this.now());
    else this.known.delete(partnerId);
    return active;
  }
}
