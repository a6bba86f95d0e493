// A GraphQL operation over Server-Sent Events, as a browser would send it (POST, Accept:
// text/event-stream): its results as they come, and its end.
import { eventStreamMessages } from '../../src/live/event-stream.ts';

export interface EventStream<Result> {
  status: number;
  contentType: string | null;
  /** The first `count` results, waiting up to 15 s for them. */
  next(count: number): Promise<Result[]>;
  /** The `id:` line of each result so far (undefined where a message had none). */
  ids(): Array<string | undefined>;
  close(): Promise<void>;
}

export async function openEventStream<Result>(
  origin: string,
  body: ({ query: string } | { documentId: string }) & { variables?: Record<string, unknown> },
  headers: Record<string, string> = {},
): Promise<EventStream<Result>> {
  const controller = new AbortController();
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify(body),
    signal: controller.signal,
  });
  const results: Result[] = [];
  const ids: Array<string | undefined> = [];
  const pump = (async () => {
    try {
      for await (const message of eventStreamMessages(response.body as ReadableStream<Uint8Array>)) {
        if (!message.data) continue;
        results.push(JSON.parse(message.data) as Result);
        ids.push(message.id);
      }
    } catch {
      // Closed by the test.
    }
  })();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    async next(count) {
      const end = Date.now() + 15_000;
      while (results.length < count) {
        if (Date.now() > end) throw new Error(`${results.length} of ${count} results came: ${JSON.stringify(results)}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return results.slice(0, count);
    },
    ids: () => [...ids],
    async close() {
      controller.abort();
      await pump;
    },
  };
}
