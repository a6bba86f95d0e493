// How this app talks to Switchboard: a generated document, sent by its id (the gateway runs trusted
// documents only), with the API key and the CSRF header; a subscription's results come as
// Server-Sent Events. Whatever keeps an answer from coming back — no connection, no answer in time,
// an answer that is not GraphQL, a GraphQL error without data — is one RequestError, with a message
// written for the person in front of the page.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { eventStreamMessages } from '../../../src/live/event-stream.ts';

export interface GraphQLErrorJson {
  message: string;
  path?: ReadonlyArray<string | number>;
}

/** Data, with the errors of the fields the gateway could not give (those are null in `data`). */
export interface Answer<Data> {
  data: Data;
  errors: GraphQLErrorJson[];
}

export type RequestFailure = 'unreachable' | 'timeout' | 'not-graphql' | 'graphql';

export class RequestError extends Error {
  override readonly name = 'RequestError';
  readonly failure: RequestFailure;
  constructor(failure: RequestFailure, message: string) {
    super(message);
    this.failure = failure;
  }
}

export const UNREACHABLE = "The gateway cannot be reached: it may be down, or it may not accept this page's origin.";

export interface GatewayClient {
  /** Data and partial errors; throws a RequestError when no data comes back. */
  answer<Data, Variables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Answer<Data>>;
  /** Data only (fields that failed are null); throws a RequestError when no data comes back. */
  request<Data, Variables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Data>;
  /**
   * A subscription's results as they come, until the gateway ends the stream (the iteration ends) or
   * `signal` aborts it (the iteration ends too); a RequestError when it cannot be opened, breaks off
   * or answers an error without data. `opened` is called once the gateway has taken it.
   */
  subscribe<Data, Variables>(
    document: TypedDocumentNode<Data, Variables>,
    variables: Variables,
    options: { signal: AbortSignal; opened?: () => void },
  ): AsyncGenerator<Answer<Data>>;
}

export function gatewayClient(url: string, apiKey: string, timeoutMs = 20_000): GatewayClient {
  /** What a failed fetch or body read means: no connection, or no answer in time. */
  const transportError = (error: unknown): RequestError =>
    (error as { name?: unknown } | null)?.name === 'TimeoutError'
      ? new RequestError('timeout', `The gateway did not answer within ${timeoutMs / 1000} seconds.`)
      : new RequestError('unreachable', UNREACHABLE);

  const headers = (accept?: string) => ({
    'content-type': 'application/json',
    ...(accept ? { accept } : {}),
    'x-graphql-csrf': '1',
    ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
  });

  async function answer<Data, Variables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Answer<Data>> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: headers(),
        body: JSON.stringify({ documentId: documentIdOf(document), variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw transportError(error);
    }
    return answerOf<Data>(text, response.status);
  }

  async function* subscribe<Data, Variables>(
    document: TypedDocumentNode<Data, Variables>,
    variables: Variables,
    { signal, opened }: { signal: AbortSignal; opened?: () => void },
  ): AsyncGenerator<Answer<Data>> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: headers('text/event-stream'),
        body: JSON.stringify({ documentId: documentIdOf(document), variables }),
        signal,
      });
      // Refused before any stream (credentials, rate limit): a GraphQL answer, or not even that.
      if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
        answerOf<Data>(await response.text(), response.status);
        throw new RequestError('not-graphql', `The gateway answered HTTP ${response.status} without an event stream.`);
      }
      opened?.();
      for await (const message of eventStreamMessages(response.body)) {
        if (message.event === 'complete') return;
        if (message.event === 'next') yield answerOf<Data>(message.data, response.status);
      }
    } catch (error) {
      if (signal.aborted) return;
      throw error instanceof RequestError ? error : transportError(error);
    }
  }

  return { answer, request: async (document, variables) => (await answer(document, variables)).data, subscribe };
}

function documentIdOf(document: TypedDocumentNode<unknown, never>): string {
  const documentId = (document as unknown as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!documentId) throw new TypeError('not a generated document');
  return documentId;
}

/** A GraphQL answer's data and errors; a RequestError when it is not GraphQL or has no data. */
function answerOf<Data>(text: string, status: number): Answer<Data> {
  const body = parsedObject(text) as { data?: Data | null; errors?: unknown } | null;
  if (!body) throw new RequestError('not-graphql', `The gateway answered HTTP ${status} with something that is not GraphQL.`);
  const errors = Array.isArray(body.errors) ? (body.errors as GraphQLErrorJson[]) : [];
  if (body.data == null) {
    const messages = errors.map((error) => error.message).filter(Boolean);
    throw new RequestError('graphql', messages.join(' ') || `The gateway answered HTTP ${status} without data.`);
  }
  return { data: body.data, errors };
}

function parsedObject(text: string): object | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** The error the gateway gave for a field it answered null (or for a field above it), as a RequestError; null when it gave none. */
export function fieldError(errors: GraphQLErrorJson[], path: ReadonlyArray<string | number>): RequestError | null {
  const error = errors.find(({ path: at = [] }) => at.length > 0 && at.slice(0, path.length).every((key, index) => key === path[index]));
  return error ? new RequestError('graphql', error.message) : null;
}
