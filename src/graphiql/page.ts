// GraphiQL's page: small, naming the assets (assets.ts) instead of inlining them, with the options
// GraphiQL opens with. Built once per gateway, on the first browser visit.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { graphiqlAssetPaths } from './assets.ts';
import { REVALIDATE, type StaticBody, staticBody } from './static-body.ts';
import { defaultHeaders, graphiqlTabs, type TabSettings, WELCOME_QUERY } from './tabs.ts';

/** What renderYogaGraphiQL takes (graphql-yoga's GraphiQLOptions, and GraphiQL's own props). */
export function graphiqlOptions(settings: TabSettings) {
  return {
    title: 'Switchboard',
    defaultQuery: WELCOME_QUERY,
    defaultTabs: graphiqlTabs(settings),
    headers: defaultHeaders(settings.credentialsRequired),
    // GraphiQL opens the headers pane when a tab has no variables but there are headers ("{}" is).
    defaultEditorToolsVisibility: 'variables' as const,
  };
}

export function graphiqlPage(settings: TabSettings): StaticBody {
  const options = JSON.stringify(graphiqlOptions(settings));
  const assets = graphiqlAssetPaths();
  const workers = { editorWorkerService: assets.editorWorker, json: assets.jsonWorker, graphql: assets.graphqlWorker };
  // Where GraphiQL keeps its tabs: a new set of example tabs is not hidden by the tabs kept (boot.js).
  const storagePrefix = `switchboard:${createHash('sha256').update(options).digest('hex').slice(0, 12)}:`;
  const html = /* HTML */ `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Switchboard</title>
    <link rel="icon" href="${assets.favicon}" />
    <link rel="stylesheet" href="${assets.styles}" />
    <style>
      /* Each tab keeps the offset of its first layout as a transform, which GraphiQL's own styles
         apply once the tab has focus: the mousedown of a click moves the tab from under the pointer
         and the click is lost. Tabs stay where they are laid out (a dragged tab no longer follows
         the pointer; dropping it still reorders). */
      .graphiql-tab { transform: none !important; }
    </style>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run GraphiQL.</noscript>
    <div id="root"></div>
    <script type="application/json" id="graphiql-options" data-storage-prefix="${storagePrefix}">${scriptSafe(options)}</script>
    <script>
      self.MonacoEnvironment = ((workers) => ({ globalAPI: false, getWorkerUrl: (_moduleId, label) => workers[label] }))(
        ${JSON.stringify(workers)},
      );
    </script>
    <script src="${assets.script}"></script>
    <script>
${readFileSync(new URL('boot.js', import.meta.url), 'utf8')}
    </script>
  </body>
</html>
`;
  return staticBody(html, 'text/html; charset=utf-8', REVALIDATE);
}

/** JSON inside a <script> element: no `<` may close it. */
function scriptSafe(json: string): string {
  return json.replaceAll('<', '\\u003c');
}
