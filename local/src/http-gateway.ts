import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface GatewayRoute {
  method: string;
  /** API Gateway path template, e.g. `/v1/requests/{caseId}`. */
  path: string;
  invoke: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
}

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

function problem(res: ServerResponse, status: number, title: string, detail?: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
}

/** A request the HTTP parser itself refused (headers too large, malformed): answered as a problem, never left empty. */
function clientErrorResponse(error: Error & { code?: string }): string {
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'HPE_REQUEST_TIMEOUT' ? 408 : 400;
  const title = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
  const body = JSON.stringify({ type: 'about:blank', title, status });
  return `HTTP/1.1 ${status} ${title}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
}

/**
 * The HTTP API as API Gateway (payload format 2.0) presents it to Lambda: matches the
 * route, builds the event, and writes the function's structured result.
 */
export async function startHttpGateway(routes: GatewayRoute[], port: number): Promise<{ server: Server; url: string }> {
  const compiled = routes.map((r) => ({ ...r, ...compile(r.path), routeKey: `${r.method} ${r.path}` }));

  // One request, however malformed, must never take the process (and the queued messages it holds) down.
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => problem(res, 500, 'Internal Server Error'));
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
    const event: APIGatewayProxyEventV2 = {
      version: '2.0',
      routeKey: route.routeKey,
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      headers,
      queryStringParameters: Object.keys(query).length ? query : undefined,
      pathParameters: route.params.length ? pathParameters : undefined,
      requestContext: {
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
      },
      body: raw.length ? (isText ? raw.toString('utf8') : raw.toString('base64')) : undefined,
      isBase64Encoded: raw.length > 0 && !isText,
    };

    let result: APIGatewayProxyStructuredResultV2;
    try {
      result = await route.invoke(event);
    } catch {
      return problem(res, 500, 'Internal Server Error');
    }
    const body = result.body === undefined ? '' : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
    const responseHeaders: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) };
    if (result.cookies?.length) responseHeaders['set-cookie'] = result.cookies;
    res.writeHead(result.statusCode ?? 200, responseHeaders);
    res.end(body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
