import * as z from 'zod';
import { Caller, type Role } from './auth';
import { HttpProblem } from './errors';
import type { ApiEvent } from './http';

/**
 * What the authorizer hands the route's function in `requestContext.authorizer.lambda`: the
 * caller it vouches for, or why it refused. A refusal still reaches the function, which answers
 * it with the 401 problem document the OpenAPI document promises (an HTTP API's own refusal
 * cannot carry one; ADR 0012). Values are flat strings, as API Gateway passes them.
 */
export const AuthorizerContext = z.union([
  Caller.extend({ credential: z.enum(['key', 'token']), keyId: z.string().optional() }),
  z.object({ refused: z.string() }),
]);
export type AuthorizerContext = z.infer<typeof AuthorizerContext>;

/**
 * The caller the gateway's authorizer vouched for, read from the request context. There is no
 * fallback to the Authorization header: every non-public route passes the authorizer, in AWS and
 * in the local gateway alike, so a request without its verdict is refused.
 */
export function callerOf(event: ApiEvent): Caller {
  const context = (event.requestContext as { authorizer?: { lambda?: unknown } }).authorizer?.lambda;
  const parsed = AuthorizerContext.safeParse(context);
  if (!parsed.success || 'refused' in parsed.data) {
    throw new HttpProblem(401, 'unauthorized', 'Missing or invalid credentials', 'Send Authorization: Bearer <partner key or staff token>.');
  }
  const { credential: _credential, keyId: _keyId, ...caller } = parsed.data;
  return caller;
}

/**
 * A route is for some roles only: anyone else gets a 403 problem, before anything is looked
 * up, so the answer says nothing about what exists. The partner id a key carries grants
 * nothing by itself: a dispatcher's key naming a partner is still a dispatcher's.
 */
export function requireRole(caller: Caller, allowed: readonly Role[], title: string): void {
  if (!allowed.includes(caller.role)) throw new HttpProblem(403, 'forbidden', title, `This route is for: ${allowed.join(', ')}.`);
}
