// This app's gateway: VITE_GATEWAY_URL, with VITE_API_KEY as its bearer token (see vite.config.ts).
import { gatewayClient } from './gateway-client.ts';

export { fieldError, RequestError } from './gateway-client.ts';

export const { answer, request, subscribe } = gatewayClient(
  import.meta.env.VITE_GATEWAY_URL ?? 'http://localhost:4000/graphql',
  import.meta.env.VITE_API_KEY ?? '',
);
