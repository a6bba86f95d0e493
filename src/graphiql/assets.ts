// GraphiQL's code, out of the page: @graphql-yoga/render-graphiql inlines its script, styles, three
// Monaco workers and favicon (9 MB) into every page it renders. Here each is an asset of its own,
// named by a hash of the bundle, so that browsers keep them for good and a second visit loads only
// the page. Their names are known without loading the bundle (the gateway needs its exact paths at
// start, src/plugins/known-paths.ts); the bundle itself is loaded on the first browser visit only.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { IMMUTABLE, type StaticBody, staticBody } from './static-body.ts';

const ASSETS_PATH = '/graphiql/assets/';

/** What the page names, each a file under ASSETS_PATH. */
const ASSET_FILES = {
  script: { name: 'graphiql', extension: 'js', contentType: 'text/javascript; charset=utf-8' },
  styles: { name: 'graphiql', extension: 'css', contentType: 'text/css; charset=utf-8' },
  favicon: { name: 'favicon', extension: 'ico', contentType: 'image/x-icon' },
  editorWorker: { name: 'editor.worker', extension: 'js', contentType: 'text/javascript; charset=utf-8' },
  jsonWorker: { name: 'json.worker', extension: 'js', contentType: 'text/javascript; charset=utf-8' },
  graphqlWorker: { name: 'graphql.worker', extension: 'js', contentType: 'text/javascript; charset=utf-8' },
} as const;

export type AssetName = keyof typeof ASSET_FILES;

let fingerprint: string | undefined;

/** A hash of the bundle's file: read (not run) once a process, about 15 ms. */
function bundleFingerprint(): string {
  if (fingerprint === undefined) {
    const packageJson = createRequire(import.meta.url).resolve('@graphql-yoga/render-graphiql/package.json');
    const bundle = readFileSync(new URL('esm/graphiql.js', pathToFileURL(packageJson)));
    fingerprint = createHash('sha256').update(bundle).digest('hex').slice(0, 16);
  }
  return fingerprint;
}

/** The path of each asset, e.g. /graphiql/assets/graphiql.0123456789abcdef.js. */
export function graphiqlAssetPaths(): Record<AssetName, string> {
  const hash = bundleFingerprint();
  const paths = {} as Record<AssetName, string>;
  for (const [key, file] of Object.entries(ASSET_FILES) as Array<[AssetName, (typeof ASSET_FILES)[AssetName]]>) {
    paths[key] = `${ASSETS_PATH}${file.name}.${hash}.${file.extension}`;
  }
  return paths;
}

let loaded: Promise<ReadonlyMap<string, StaticBody>> | undefined;

/** The assets by path; the bundle is loaded (and its parts kept in memory) on first call. */
export function graphiqlAssets(): Promise<ReadonlyMap<string, StaticBody>> {
  loaded ??= loadAssets();
  return loaded;
}

async function loadAssets(): Promise<ReadonlyMap<string, StaticBody>> {
  const bundle = await import('@graphql-yoga/render-graphiql/graphiql');
  const contents: Record<AssetName, string | Buffer> = {
    script: bundle.js,
    styles: bundle.css,
    favicon: Buffer.from(bundle.favicon.replace(/^data:[^,]*;base64,/, ''), 'base64'),
    editorWorker: bundle.editorWorkerService,
    jsonWorker: bundle.jsonWorker,
    graphqlWorker: bundle.graphqlWorker,
  };
  const paths = graphiqlAssetPaths();
  return new Map(
    (Object.keys(ASSET_FILES) as AssetName[]).map((key) => [
      paths[key],
      staticBody(contents[key], ASSET_FILES[key].contentType, IMMUTABLE),
    ]),
  );
}
