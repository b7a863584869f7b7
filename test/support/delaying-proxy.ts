/**
 * An HTTP proxy in front of a subgraph that holds every request for `delayMs` before passing it
 * on, as a slow or overloaded partner service would. Counts the requests it saw.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DelayingProxy {
  url: string;
  requests: number;
  setDelay(ms: number): void;
  close(): Promise<void>;
}

export async function startDelayingProxy(targetUrl: string, delayMs: number): Promise<DelayingProxy> {
  const target = new URL(targetUrl);
  let delay = delayMs;
  const state = { requests: 0 };
  const server = http.createServer((request, response) => {
    state.requests += 1;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const timer = setTimeout(() => {
        const upstream = http.request(
          { host: target.hostname, port: target.port, path: target.pathname, method: request.method, headers: request.headers },
          (answer) => {
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(response);
          },
        );
        upstream.on('error', () => response.destroy());
        upstream.end(Buffer.concat(chunks));
      }, delay);
      // The gateway giving up closes the connection: nothing more to forward.
      response.on('close', () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    get requests() {
      return state.requests;
    },
    setDelay(ms: number) {
      delay = ms;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
