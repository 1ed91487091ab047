import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, APIGatewayRequestAuthorizerEventV2, APIGatewaySimpleAuthorizerWithContextResult } from 'aws-lambda';
import { problemTypeBase } from '@govflow/platform/http';

export interface GatewayRoute {
  method: string;
  /** API Gateway path template, e.g. `/v1/requests/{caseId}`. */
  path: string;
  /** Served without the authorizer (the manifest's `public`). */
  public?: boolean;
  invoke: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
}

/** Static files served under a path prefix, as CloudFront serves the deployed console. */
export interface StaticSite {
  /** e.g. `/console`: `/console` redirects to `/console/`, which serves `index.html`. */
  prefix: string;
  /** The file at a path under the prefix (no leading slash), loaded on first use. */
  file: (name: string) => { body: Buffer; contentType: string } | undefined;
  headers: Record<string, string>;
  /**
   * Answer only requests addressed to a loopback name: a page elsewhere that rebinds its own
   * host name to 127.0.0.1 (DNS rebinding) must not read these files as its own.
   */
  loopbackOnly?: boolean;
}

const loopbackHost = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i;

export interface GatewayAuthorizer {
  /** The authorizer function, called as API Gateway calls a REQUEST authorizer (payload 2.0, simple response). */
  invoke: (event: APIGatewayRequestAuthorizerEventV2) => Promise<APIGatewaySimpleAuthorizerWithContextResult<Record<string, unknown>>>;
  /** API Gateway's result cache: one answer per Authorization value for this long. */
  cacheTtlMs: number;
}

export interface GatewayOptions {
  authorizer: GatewayAuthorizer;
  /** Documents served beside the API at fixed paths (the local issuer's discovery document and JWKS). */
  documents?: Record<string, () => unknown>;
  /** Static sites beside the API (the console). */
  sites?: StaticSite[];
}

/** Bounds the authorizer cache: past this many entries the expired ones are dropped, then the oldest. */
const maxCachedAnswers = 10_000;

/** API Gateway's own payload limit for HTTP APIs. */
const maxPayloadBytes = 10 * 1024 * 1024;

const textTypes = /^(application\/(json|.*\+json|x-www-form-urlencoded|xml)|text\/)/i;

function compile(path: string): { pattern: RegExp; params: string[] } {
  const params: string[] = [];
  // Literal parts match literally (`/open311/v2/services.json`: the dot is a dot).
  const source = path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const param = /^\{([^}]+)\}$/.exec(part);
      if (!param) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      params.push(param[1]!);
      return '([^/]+)';
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), params };
}

/** Why the gateway answered 500 (as API Gateway's execution log would say): the error's name and message only, never the request. */
function logGatewayFailure(where: string, error: unknown): void {
  const { name, message } = error instanceof Error ? error : { name: 'unknown', message: String(error) };
  console.error(JSON.stringify({ level: 'ERROR', message: `local gateway: ${where} failed`, error: `${name}: ${message.slice(0, 300)}` }));
}

function problem(res: ServerResponse, status: number, title: string, detail?: string, type = 'about:blank'): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type, title, status, detail }));
}

/** The answer of a request the authorizer never saw (no Authorization header), as the functions word a refused credential. */
function unauthorized(res: ServerResponse): void {
  problem(res, 401, 'Missing or invalid credentials', 'Send Authorization: Bearer <partner key or staff token>.', `${problemTypeBase}unauthorized`);
}

/** A request the HTTP parser itself refused (headers too large, malformed): answered as a problem, never left empty. */
function clientErrorResponse(error: Error & { code?: string }): string {
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'HPE_REQUEST_TIMEOUT' ? 408 : 400;
  const title = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
  const body = JSON.stringify({ type: 'about:blank', title, status });
  return `HTTP/1.1 ${status} ${title}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
}

/**
 * The HTTP API as API Gateway (payload format 2.0) presents it to Lambda: matches the route,
 * runs the authorizer on every non-public route (its answers cached per Authorization value, as
 * API Gateway caches them), builds the event with the authorizer's context, and writes the
 * function's structured result.
 */
export async function startHttpGateway(routes: GatewayRoute[], port: number, options: GatewayOptions): Promise<{ server: Server; url: string }> {
  const compiled = routes.map((r) => ({ ...r, ...compile(r.path), routeKey: `${r.method} ${r.path}` }));
  const answers = new Map<string, { context: Record<string, unknown> | undefined; isAuthorized: boolean; until: number }>();

  async function authorize(header: string, request: Omit<APIGatewayRequestAuthorizerEventV2, 'version' | 'type' | 'routeArn' | 'identitySource'>) {
    const now = Date.now();
    const cached = answers.get(header);
    if (cached && cached.until > now) return cached;
    const result = await options.authorizer.invoke({
      version: '2.0',
      type: 'REQUEST',
      routeArn: `arn:aws:execute-api:local:000000000000:local/$default/${request.routeKey.replace(' ', '')}`,
      identitySource: [header],
      ...request,
    });
    if (answers.size >= maxCachedAnswers) {
      for (const [k, v] of answers) if (v.until <= now) answers.delete(k);
      if (answers.size >= maxCachedAnswers) answers.delete(answers.keys().next().value!);
    }
    const answer = { context: result.context, isAuthorized: result.isAuthorized, until: now + options.authorizer.cacheTtlMs };
    answers.set(header, answer);
    return answer;
  }

  // One request, however malformed, must never take the process (and the queued messages it holds) down.
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error: unknown) => {
      logGatewayFailure('the gateway', error);
      problem(res, 500, 'Internal Server Error');
    });
  });
  server.on('clientError', (error: Error & { code?: string }, socket) => {
    if (socket.writable) socket.end(clientErrorResponse(error));
    else socket.destroy();
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return problem(res, 400, 'Bad Request', 'The request target is not a valid URL.');
    }
    const site = options.sites?.find((s) => url.pathname === s.prefix || url.pathname.startsWith(`${s.prefix}/`));
    if (site) return serveStatic(site, url, req, res);
    const document = req.method === 'GET' ? options.documents?.[url.pathname] : undefined;
    if (document) {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      return void res.end(JSON.stringify(document()));
    }
    const route = compiled.find((r) => r.method === req.method && r.pattern.test(url.pathname));
    if (!route) return problem(res, 404, 'Not Found');

    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxPayloadBytes) return problem(res, 413, 'Request Entity Too Large');
      chunks.push(chunk as Buffer);
    }
    const raw = Buffer.concat(chunks);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    }
    const isText = textTypes.test(headers['content-type'] ?? 'application/json');
    const match = route.pattern.exec(url.pathname)!;
    let pathParameters: Record<string, string>;
    try {
      pathParameters = Object.fromEntries(route.params.map((p, i) => [p, decodeURIComponent(match[i + 1]!)]));
    } catch {
      return problem(res, 400, 'Bad Request', 'The path has a malformed percent escape.');
    }
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = query[k] === undefined ? v : `${query[k]},${v}`;
    const now = new Date();
    const requestContext: APIGatewayProxyEventV2['requestContext'] = {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: route.routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    };
    if (!route.public) {
      // API Gateway answers a request without the identity source itself, without calling the authorizer.
      if (!headers.authorization) return unauthorized(res);
      let answer: Awaited<ReturnType<typeof authorize>>;
      try {
        answer = await authorize(headers.authorization, {
          routeKey: route.routeKey,
          rawPath: url.pathname,
          rawQueryString: url.search.slice(1),
          cookies: [],
          headers,
          queryStringParameters: Object.keys(query).length ? query : {},
          pathParameters: route.params.length ? pathParameters : {},
          stageVariables: {},
          requestContext: requestContext as APIGatewayRequestAuthorizerEventV2['requestContext'],
        });
      } catch (error) {
        logGatewayFailure('the authorizer', error);
        return problem(res, 500, 'Internal Server Error', 'The authorizer failed.');
      }
      if (!answer.isAuthorized) return problem(res, 403, 'Forbidden');
      (requestContext as { authorizer?: unknown }).authorizer = { lambda: answer.context };
    }
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: route.routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      queryStringParameters: Object.keys(query).length ? query : undefined,
      pathParameters: route.params.length ? pathParameters : undefined,
      requestContext,
      body: raw.length ? (isText ? raw.toString('utf8') : raw.toString('base64')) : undefined,
      isBase64Encoded: raw.length > 0 && !isText,
    };

    let result: APIGatewayProxyStructuredResultV2;
    try {
      result = await route.invoke(event);
    } catch (error) {
      logGatewayFailure(route.routeKey, error);
      return problem(res, 500, 'Internal Server Error');
    }
    const body = result.body === undefined ? '' : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
    const responseHeaders: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
    if (result.cookies?.length) responseHeaders['set-cookie'] = result.cookies;
    res.writeHead(result.statusCode ?? 200, responseHeaders);
    res.end(body);
  }

  function serveStatic(site: StaticSite, url: URL, req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return problem(res, 405, 'Method Not Allowed');
    }
    if (site.loopbackOnly && !loopbackHost.test(req.headers.host ?? '')) return problem(res, 421, 'Misdirected Request', 'Open the console at localhost or 127.0.0.1.');
    if (url.pathname === site.prefix) {
      res.writeHead(301, { location: `${site.prefix}/${url.search}` });
      return void res.end();
    }
    const name = url.pathname.slice(site.prefix.length + 1) || 'index.html';
    const file = /^[\w.-]+$/.test(name) ? site.file(name) : undefined;
    if (!file) return problem(res, 404, 'Not Found');
    res.writeHead(200, { ...site.headers, 'content-type': file.contentType, 'content-length': file.body.length, 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
