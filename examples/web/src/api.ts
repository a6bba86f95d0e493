// The only way this app talks to Switchboard: a generated document, sent by its id (the gateway runs
// trusted documents only), with the API key and the CSRF header.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

const GATEWAY = import.meta.env.VITE_GATEWAY_URL ?? 'http://localhost:4000/graphql';
const API_KEY = import.meta.env.VITE_API_KEY ?? '';

export class GraphQLRequestError extends Error {}

export async function request<Data, Variables>(document: TypedDocumentNode<Data, Variables>, variables: Variables): Promise<Data> {
  const documentId = (document as unknown as { __meta__?: { hash?: string } }).__meta__?.hash;
  if (!documentId) throw new GraphQLRequestError('not a generated document');
  const response = await fetch(GATEWAY, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-graphql-csrf': '1',
      ...(API_KEY ? { authorization: `Bearer ${API_KEY}` } : {}),
    },
    body: JSON.stringify({ documentId, variables }),
  });
  const body = (await response.json()) as { data?: Data; errors?: Array<{ message: string }> };
  if (!body.data) throw new GraphQLRequestError(body.errors?.map((error) => error.message).join('; ') ?? `HTTP ${response.status}`);
  return body.data;
}
