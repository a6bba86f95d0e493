// Serves GraphiQL: its page on GET /graphql from a browser, and its assets under their hashed names —
// compressed, with an ETag, the assets cached for good. Placed after the known-paths check, which
// lets through only the asset paths the gateway was built with (graphiqlAssetPaths).
import type { Plugin } from 'graphql-yoga';
import { isGraphiQLPage } from '../plugins/auth.ts';
import { chooseEncoding } from '../plugins/compression.ts';
import { graphiqlAssets } from './assets.ts';
import { answerWith, type StaticBody } from './static-body.ts';
import type { TabSettings } from './tabs.ts';

export interface GraphiQLServing extends TabSettings {
  /** Where GraphiQL's page is: the GraphQL endpoint. */
  endpoint: string;
  /** The asset paths (graphiqlAssetPaths()): the only other paths served here. */
  assetPaths: readonly string[];
}

export function useGraphiQL(serving: GraphiQLServing): Plugin {
  // Loaded on the first browser visit: the examples name sandbox records, which production never needs.
  let page: Promise<StaticBody> | undefined;
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname === serving.endpoint) {
        if (!isGraphiQLPage(request)) return;
        page ??= import('./page.ts').then(({ graphiqlPage }) => graphiqlPage(serving));
        // The browser asks for the assets next: have them compressed meanwhile.
        void prepareAssets(request);
        endResponse(await answerWith(request, await page, fetchAPI));
        return;
      }
      if (!serving.assetPaths.includes(url.pathname)) return;
      const asset = (await graphiqlAssets()).get(url.pathname);
      if (!asset) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(null, { status: 405, headers: { allow: 'GET, HEAD' } }));
        return;
      }
      endResponse(await answerWith(request, asset, fetchAPI));
    },
  };
}

/** Loads the bundle and compresses every asset in the encoding this browser will ask for. */
async function prepareAssets(request: Request): Promise<void> {
  try {
    const assets = await graphiqlAssets();
    const encoding = chooseEncoding(request.headers.get('accept-encoding'));
    await Promise.all([...assets.values()].map((asset) => asset.encoded(encoding)));
  } catch {
    // Only ahead of time: the asset's own request does the same, and answers its failure.
  }
}
