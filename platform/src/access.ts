import type { ApiKeyClaims, Role } from './auth';
import { HttpProblem } from './errors';

/**
 * A route is for some roles only: anyone else gets a 403 problem, before anything is looked
 * up, so the answer says nothing about what exists. The partner id a key carries grants
 * nothing by itself: a dispatcher's key naming a partner is still a dispatcher's.
 */
export function requireRole(caller: ApiKeyClaims, allowed: readonly Role[], title: string): void {
  if (!allowed.includes(caller.role)) throw new HttpProblem(403, 'forbidden', title, `This route is for: ${allowed.join(', ')}.`);
}
