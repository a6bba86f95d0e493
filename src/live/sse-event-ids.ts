// Each event of a subscription over Server-Sent Events carries its event id on an `id:` line, so that
// a browser's EventSource, reconnecting, sends it back as `Last-Event-ID` and the stream resumes right
// after it (the subscription reads the header as its `after`). Yoga writes a subscription's results
// as SSE only (never multipart), `data:` then the result's own serialisation: the id line follows it
// (the order of a message's fields is free). JSON has no raw line break, so the data stays one line.
import type { ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The id of the event each operation is answering now (its context → the id). */
const answering = new WeakMap<object, string>();

/** Said by a subscription's resolver: the result being made now answers the event `eventId`. */
export function answeringEvent(context: object, eventId: string): void {
  answering.set(context, eventId);
}

export function useEventIdsOnStreams(): Plugin {
  return {
    onSubscribe: ({ args }) => ({
      onSubscribeResult: () => ({
        onNext: ({ result, setResult }) => {
          const eventId = answering.get(args.contextValue);
          if (eventId === undefined) return;
          answering.delete(args.contextValue);
          const withId = { ...result, stringify: (answer: ExecutionResult) => `${JSON.stringify(answer)}\nid: ${eventId}` };
          setResult(withId);
        },
      }),
    }),
  };
}
