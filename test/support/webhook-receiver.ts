// A webhook receiver on a real loopback port, as a backend would run one: it records each POST (its
// headers and body), answers the statuses a test scripts (then 204), and waits for what a test expects.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedPost {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  url(path?: string): string;
  received: ReceivedPost[];
  /** The next answers to POSTs to `path`, in order; 204 once they are used up. */
  answer(path: string, ...statuses: number[]): void;
  /** Resolves once `count` POSTs to `path` (any path when absent) arrived; fails after `withinMs`. */
  waitFor(count: number, path?: string, withinMs?: number): Promise<ReceivedPost[]>;
  stop(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedPost[] = [];
  const statuses = new Map<string, number[]>();
  const waiters = new Set<() => void>();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '/', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.statusCode = statuses.get(request.url ?? '/')?.shift() ?? 204;
      response.end();
      for (const wake of [...waiters]) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const matching = (path: string | undefined) => received.filter((post) => path === undefined || post.path === path);
  return {
    url: (path = '/hooks') => `http://127.0.0.1:${port}${path}`,
    received,
    answer: (path, ...next) => statuses.set(path, [...(statuses.get(path) ?? []), ...next]),
    waitFor(count, path, withinMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = matching(path);
          if (found.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${matching(path).length} of ${count} webhook POSTs arrived`));
        }, withinMs);
        waiters.add(check);
        check();
      });
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
