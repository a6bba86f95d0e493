// Reading a `text/event-stream` body: each message's event name and data (its data lines joined), as
// they come, until the body ends; the body is let go when the reader stops early.

export interface StreamMessage {
  /** The `event:` field; `message` when the message names none. */
  event: string;
  data: string;
  /** The `id:` field: what a reconnecting client sends back as `Last-Event-ID`. */
  id?: string;
}

export async function* eventStreamMessages(body: ReadableStream<Uint8Array>): AsyncGenerator<StreamMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
        const lines = buffered.slice(0, end).split('\n');
        buffered = buffered.slice(end + 2);
        const field = (name: string) =>
          lines.filter((line) => line.startsWith(`${name}:`)).map((line) => line.slice(name.length + 1).trimStart());
        const data = field('data');
        // A comment alone (`:` — a ping) is no message.
        if (data.length === 0 && field('event').length === 0) continue;
        const [id] = field('id');
        yield { event: field('event')[0] ?? 'message', data: data.join('\n'), ...(id === undefined ? {} : { id }) };
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
