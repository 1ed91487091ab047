import { isIP } from 'node:net';
import { noticeTypes, type CallbackView, type NoticeType } from '@govflow/contracts';

/** A partner's registered callback endpoint, as intake keeps it. */
export interface CallbackEndpoint {
  id: string;
  partnerId: string;
  url: string;
  /** Notice types wanted; every type when absent. */
  events?: NoticeType[];
  description?: string;
  createdAt: string;
  /** Signing secrets, sealed, newest first; an older one signs too until `validUntil`. */
  secrets: { sealed: string; createdAt: string; validUntil?: string }[];
  disabledAt?: string;
  disabledReason?: string;
  /** Since when attempts fail: new notices then wait for the retry sweep instead of being tried inline. */
  failingSince?: string;
}

/** Endpoints one partner may register. */
export const maxEndpointsPerPartner = 10;
/** How long the previous secret keeps signing after a rotation. */
export const rotationGraceMs = 24 * 3600_000;

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Literal addresses a partner endpoint may not be: private, loopback, link-local (metadata), unspecified. */
function privateAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  const version = isIP(bare);
  if (version === 4) {
    const [a, b] = bare.split('.').map(Number) as [number, number];
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  if (version === 6) return bare === '::1' || bare === '::' || /^f[cd]/i.test(bare) || /^fe80/i.test(bare) || bare.startsWith('::ffff:');
  return false;
}

/**
 * Why a callback URL is refused, or undefined if it is fine: HTTPS to a public host; plain
 * http only to this machine (localhost, 127.0.0.1) and only where the local system allows it.
 */
export function callbackUrlProblem(raw: string, options: { allowLocalHttp: boolean }): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  if (url.username || url.password) return 'credentials in the URL are not allowed; authenticate by checking the signature';
  if (url.hash) return 'a fragment is never sent; remove it';
  const local = loopbackHosts.has(url.hostname);
  if (url.protocol === 'http:') {
    if (local && options.allowLocalHttp) return undefined;
    return options.allowLocalHttp ? 'plain http is allowed only to localhost or 127.0.0.1' : 'the URL must use https';
  }
  if (url.protocol !== 'https:') return 'the URL must use https';
  if ((local || privateAddress(url.hostname)) && !options.allowLocalHttp) return 'the URL must name a public host';
  return undefined;
}

export function wants(endpoint: CallbackEndpoint, notice: NoticeType): boolean {
  return !endpoint.disabledAt && (endpoint.events === undefined || endpoint.events.includes(notice));
}

/** The sealed secrets that sign now, newest first. */
export function signingSecrets(endpoint: CallbackEndpoint, now: Date): string[] {
  const at = now.toISOString();
  return endpoint.secrets.filter((s) => s.validUntil === undefined || s.validUntil > at).map((s) => s.sealed);
}

/** A new secret becomes the current one; the current one keeps signing for the grace period; older ones go. */
export function rotatedSecrets(endpoint: CallbackEndpoint, sealed: string, now: Date, graceMs = rotationGraceMs): CallbackEndpoint['secrets'] {
  const current = endpoint.secrets[0];
  const validUntil = new Date(now.getTime() + graceMs).toISOString();
  return [{ sealed, createdAt: now.toISOString() }, ...(current ? [{ ...current, validUntil }] : [])];
}

export function toCallbackView(endpoint: CallbackEndpoint, now: Date): CallbackView {
  const [current, previous] = endpoint.secrets;
  const previousValid = previous?.validUntil && previous.validUntil > now.toISOString() ? previous.validUntil : undefined;
  return {
    id: endpoint.id,
    url: endpoint.url,
    events: endpoint.events ?? [...noticeTypes],
    description: endpoint.description,
    createdAt: endpoint.createdAt,
    disabled: endpoint.disabledAt ? { at: endpoint.disabledAt, reason: endpoint.disabledReason ?? '' } : undefined,
    secretRotatedAt: previous ? current?.createdAt : undefined,
    previousSecretValidUntil: previousValid,
  };
}
