// The KB Support sandbox: a WordPress site with the KB Support plugin, answering its customers route
// either as kbsupport-customers.txt documents or as kbsupport-observed.md reports, through pretty
// links (`/wp-json/…`) and `/?rest_route=…` alike. This file finds the REST route a request asks for
// and checks its application password; the routes themselves are in customers.ts, WordPress core's
// index (the site's time zone, no authentication) in ../wordpress-site.ts.
import { DerivedViews } from '../derived-views.ts';
import { generatedPeople } from '../generated/people.ts';
import { type SandboxRequest, type SandboxResponse, SandboxServer } from '../server.ts';
import { isRestIndex, restIndex, siteZoneName, type WordPressTimeZone } from '../wordpress-site.ts';
import { listCustomers, showCustomer } from './customers.ts';
import { type KbsStoredCustomer, kbSupportSeed, newCustomer } from './data.ts';
import { CUSTOMERS_ROUTE, type KbSupportBehaviour } from './site.ts';
import { htmlNotFound, noRoute, wpError } from './wp-errors.ts';

export type { KbSupportBehaviour } from './site.ts';

export interface KbSupportSandboxOptions {
  behaviour?: KbSupportBehaviour /* default 'observed' */;
  prettyLinks?: boolean /* default true */;
  /** The site's zone, a city's or a manual offset (`{ gmtOffset: 5.5 }`); default 'America/Chicago'. */
  timeZone?: WordPressTimeZone;
  /** Generated customers after the seed's (SANDBOX_CUSTOMERS); none by default. */
  customers?: number;
}

export interface KbSupportSandbox {
  readonly server: SandboxServer;
  readonly credentials: { username: string; appPassword: string };
  /** A Support Agent user: authenticates, lacks view_ticket_reports → 403. */
  readonly agentCredentials: { username: string; appPassword: string };
  /** The zone `date_created` and note dates are written in (`America/Chicago`, `UTC+5:30`). */
  readonly timeZone: string;
  behaviour: KbSupportBehaviour;
  prettyLinks: boolean;
  /** A customer created on the site (as a first ticket creates one), with the next id; returns that id. */
  addCustomer(fields?: Partial<Omit<KbsStoredCustomer, 'id'>>): number;
  /** Deletes a customer from the site; false when there was none with that id. */
  deleteCustomer(id: number): boolean;
  reset(): void;
}

interface Located {
  route: string;
  params: URLSearchParams;
}

export function createKbSupportSandbox(options: KbSupportSandboxOptions = {}): KbSupportSandbox {
  const seed = () => kbSupportSeed(generatedPeople('KB_SUPPORT', options.customers ?? 0));
  // In id order, always: seeded so, added with the next id, deleted without reordering.
  let customers = seed();
  // Ids are never given twice, a deleted customer's included (MySQL AUTO_INCREMENT).
  let lastId = customers.at(-1)?.id ?? 0;
  // The documented list's filtered and sorted rows, until a customer is added or deleted.
  const views = new DerivedViews<readonly KbsStoredCustomer[]>();
  const setting = options.timeZone ?? 'America/Chicago';
  const timeZone = siteZoneName(setting);
  const site = { name: 'Support', description: 'Help desk', timeZone: setting, namespaces: ['kbs/v1'] };
  const sandbox: KbSupportSandbox = {
    server: new SandboxServer('kbsupport', (request) => handle(request)),
    credentials: { username: 'support.manager', appPassword: 'kbS1 mGr2 pW3x 4yZa 5bCd 6eFg' },
    agentCredentials: { username: 'support.agent', appPassword: 'aGt1 nOt2 rEp3 oRt4 s5Xy 6zAb' },
    timeZone,
    behaviour: options.behaviour ?? 'observed',
    prettyLinks: options.prettyLinks ?? true,
    addCustomer(fields = {}) {
      lastId += 1;
      customers.push({ ...newCustomer(lastId, new Date()), ...fields, id: lastId });
      views.clear();
      return lastId;
    },
    deleteCustomer(id) {
      const before = customers.length;
      customers = customers.filter((customer) => customer.id !== id);
      views.clear();
      return customers.length < before;
    },
    reset() {
      customers = seed();
      lastId = customers.at(-1)?.id ?? 0;
      views.clear();
      sandbox.server.clearLog();
      sandbox.server.clearFaults();
    },
  };

  function handle(request: SandboxRequest): SandboxResponse {
    if (request.method === 'GET' && isRestIndex(request, sandbox.prettyLinks)) {
      return restIndex(site, `http://${request.headers.host ?? 'localhost'}`);
    }
    const located = locate(request);
    if (located === null) return htmlNotFound();
    const user = authenticate(request.headers.authorization);
    if (user === null) return wpError(401, 'rest_forbidden_context', 'Authentication failed.');
    if (user === 'agent') return wpError(403, 'rest_forbidden', 'Sorry, you are not allowed to do that.');
    // No write route is documented: WordPress answers other methods as an unknown route.
    if (request.method !== 'GET') return noRoute();
    const origin = `http://${request.headers.host ?? 'localhost'}`;
    if (located.route === CUSTOMERS_ROUTE) return listCustomers(sandbox, customers, views, located.params, origin);
    const single = /^\/kbs\/v1\/customers\/([^/]+)$/.exec(located.route)?.[1];
    if (single !== undefined) return showCustomer(sandbox, customers, single, located.params, origin);
    return noRoute();
  }

  /** The REST route asked for, or null where WordPress would answer its HTML 404 page. */
  function locate(request: SandboxRequest): Located | null {
    if (request.path === '/wp-json' || request.path.startsWith('/wp-json/')) {
      if (!sandbox.prettyLinks) return null;
      return { route: request.path.slice('/wp-json'.length) || '/', params: request.query };
    }
    const route = request.query.get('rest_route');
    if ((request.path === '/' || request.path === '/index.php') && route !== null) {
      const params = new URLSearchParams(request.query);
      params.delete('rest_route');
      return { route, params };
    }
    return null;
  }

  function authenticate(header: string | undefined): 'manager' | 'agent' | null {
    const encoded = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!encoded) return null;
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const [username, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    // WordPress accepts an application password with or without its spaces.
    const same = (expected: { username: string; appPassword: string }) =>
      username === expected.username && password.replace(/\s/g, '') === expected.appPassword.replace(/\s/g, '');
    if (same(sandbox.credentials)) return 'manager';
    if (same(sandbox.agentCredentials)) return 'agent';
    return null;
  }

  return sandbox;
}
