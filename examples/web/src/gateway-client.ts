// How this app talks to Switchboard: a generated document, sent by its id (the gateway runs trusted
// documents only), with the API key and the CSRF header. Whatever keeps an answer from coming back —
// no connection, no answer in time, an answer that is not GraphQL, a GraphQL error without data —
// is one RequestError, with a message written for the person in front of the page.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

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
}

export function gatewayClient(url: string, apiKey: string, timeoutMs = 20_000): GatewayClient {
  /** What a failed fetch or body read means: no connection, or no answer in time. */
  const transportError = (error: unknown): RequestError =>
    (error as { name?: unknown } | null)?.name === 'TimeoutError'
      ? new RequestError('timeout', `The gateway did not answer within ${timeoutMs / 1000} seconds.`)
      : new RequestError('unreachable', UNREACHABLE);

  async function answer<Data, Variables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Answer<Data>> {
    const documentId = (document as unknown as { __meta__?: { hash?: string } }).__meta__?.hash;
    if (!documentId) throw new TypeError('not a generated document');
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-graphql-csrf': '1',
          ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
        },
        body: JSON.stringify({ documentId, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw transportError(error);
    }
    const body = parsedObject(text) as { data?: Data | null; errors?: unknown } | null;
    if (!body) throw new RequestError('not-graphql', `The gateway answered HTTP ${response.status} with something that is not GraphQL.`);
    const errors = Array.isArray(body.errors) ? (body.errors as GraphQLErrorJson[]) : [];
    if (body.data == null) {
      const messages = errors.map((error) => error.message).filter(Boolean);
      throw new RequestError('graphql', messages.join(' ') || `The gateway answered HTTP ${response.status} without data.`);
    }
    return { data: body.data, errors };
  }

  return { answer, request: async (document, variables) => (await answer(document, variables)).data };
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
