// Runs in the browser, inlined into GraphiQL's page (page.ts) after the bundle: starts GraphiQL with the
// options of the page's #graphiql-options element. Plain JavaScript: it is served as it is written.
(() => {
  const element = document.getElementById('graphiql-options');
  const options = JSON.parse(element.textContent);

  // GraphiQL keeps its tabs in localStorage and opens with them, not with the defaults, once it has
  // some: under a prefix of its own for each set of example tabs, a visitor gets the new ones.
  const prefix = element.dataset.storagePrefix;
  for (const key of Object.keys(localStorage)) {
    if ((key.startsWith('switchboard:') && !key.startsWith(prefix)) || key.startsWith('graphiql:')) localStorage.removeItem(key);
  }
  const ownKeys = () => Object.keys(localStorage).filter((key) => key.startsWith(prefix));
  const storage = {
    getItem: (key) => localStorage.getItem(prefix + key),
    setItem: (key, value) => localStorage.setItem(prefix + key, value),
    removeItem: (key) => localStorage.removeItem(prefix + key),
    clear: () => {
      for (const key of ownKeys()) localStorage.removeItem(key);
    },
    get length() {
      return ownKeys().length;
    },
  };

  const operationNames = (query) =>
    [...query.matchAll(/^[ \t]*(?:query|mutation|subscription)[ \t]+([_A-Za-z][_0-9A-Za-z]*)/gm)].map((match) => match[1]);

  // GraphiQL learns a tab's operation name 100 ms after the tab's text is shown: ▶ pressed sooner sent
  // the previous tab's name with this tab's document. The name sent is one the document has.
  // A subscription is asked for as Server-Sent Events, and its results handed to GraphiQL as they come.
  async function fetcher({ query, variables, operationName }, { headers, documentAST } = {}) {
    const names = operationNames(query);
    const name = names.includes(operationName) ? operationName : names.length === 1 ? names[0] : operationName;
    const subscription = operationType(documentAST, name) === 'subscription';
    const controller = new AbortController();
    const response = await fetch(location.pathname, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: subscription ? 'text/event-stream' : 'application/graphql-response+json, application/json',
        ...headers,
      },
      body: JSON.stringify({ query, variables, operationName: name ?? undefined }),
      signal: controller.signal,
    });
    if (response.body && response.headers.get('content-type')?.startsWith('text/event-stream'))
      return eventStream(response.body, controller);
    const text = await response.text();
    try {
      return JSON.parse(text);
    } catch {
      return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 500)}` }] };
    }
  }

  function operationType(documentAST, name) {
    const operations = (documentAST?.definitions ?? []).filter((definition) => definition.kind === 'OperationDefinition');
    return (operations.length === 1 ? operations[0] : operations.find((operation) => operation.name?.value === name))?.operation;
  }

  // The results of a `text/event-stream` body (each `event: next` message's data) as an async iterable.
  // GraphiQL's ■ calls its return(): the request is aborted, and the pending read ends the iteration.
  function eventStream(body, controller) {
    const results = (async function* read() {
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
            const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart());
            if (lines.includes('event: complete')) return;
            if (data.length > 0 && data.join('')) yield JSON.parse(data.join('\n'));
          }
        }
      } catch (error) {
        if (!controller.signal.aborted) throw error;
      }
    })();
    const iterator = {
      next: () => results.next(),
      return: () => {
        controller.abort();
        return Promise.resolve({ done: true, value: undefined });
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  // GraphiQL reopens the kept tab whose text it is told to open with, and adds a tab when none has it:
  // told nothing (no ?query= link), each visit added an empty tab. It opens with the tab last shown.
  function keptActiveTab() {
    if (new URL(location.href).searchParams.has('query')) return {};
    try {
      const kept = JSON.parse(storage.getItem('graphiql:tabState'));
      const tab = kept.tabs[kept.activeTabIndex];
      return tab ? { query: tab.query ?? '', variables: tab.variables ?? '', initialHeaders: tab.headers ?? '' } : {};
    } catch {
      return {};
    }
  }

  YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), {
    ...options,
    ...keptActiveTab(),
    storage,
    fetcher,
    // Yoga's default writes the query into the address, which a reload then opens as one more tab.
    onEditQuery() {},
  });
})();
