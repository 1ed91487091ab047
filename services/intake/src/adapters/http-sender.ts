/**
 * Sends one signed notice to a partner endpoint: a POST with a hard timeout, no redirects
 * followed (a 3xx is a failure: the registered URL is the one that must answer).
 */
export type SendResult = { kind: 'delivered'; status: number } | { kind: 'gone' } | { kind: 'failed'; error: string };

export async function postNotice(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<SendResult> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'govflow-callbacks/1' },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The answer's body means nothing to us; let the connection go.
    await response.body?.cancel().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { kind: 'delivered', status: response.status };
    if (response.status === 410) return { kind: 'gone' };
    return { kind: 'failed', error: `HTTP ${response.status}` };
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'failed', error: `no answer within ${timeoutMs} ms` };
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { kind: 'failed', error: cause ? `connection failed (${cause})` : `connection failed (${name})` };
  }
}
