// The Amelia sandbox: WordPress admin-ajax dispatching to Amelia's customer routes (amelia-customers.txt),
// and to the provider routes of providers.ts (amelia-employees.txt), with its locations route when turned on.
//
// Where the document is silent: unknown customer id → 404 `{ message: "Could not retrieve user", data: [] }`;
// unknown `call` → 404 and wrong method → 405, both `{ message, data: [] }`; a missing or wrong `Amelia`
// key → 401 `{ message: "Unauthorized", data: [] }`; a bad write body → 400 `{ message, data: { invalidFields } }`;
// an email in use → 409 `{ message: "Email already exist.", data: { emailError: true } }`; a WordPress
// user (`externalId`) already linked to another customer → 400 `{ message, data: { invalidFields: ["externalId"] } }`;
// `null` in a write body clears an optional property (firstName/lastName cannot be null); deleting a
// customer with future appointments → 409 `{ message: "Could not delete user.", data: [] }`; a missing or
// unreadable `page` → page 1; customers are listed in id order; the page size is `pageSize` (default 10).
import { DateTime } from 'luxon';
import { z } from 'zod';
import { generatedPeople } from '../generated/people.ts';
import { type SandboxRequest, type SandboxResponse, SandboxServer } from '../server.ts';
import type { UndocumentedFeature } from '../undocumented.ts';
import { isRestIndex, restIndex, siteZoneName, type WordPressTimeZone } from '../wordpress-site.ts';
import { type AmeliaStoredCustomer, seedAmeliaCustomers } from './data.ts';
import { createProviderRoutes } from './providers.ts';
import { type AmeliaRoute, type AmeliaRouteHandler, answer, type Json, objectBody, UNKNOWN_USER } from './routing.ts';
import { CustomerSearch } from './search.ts';

export interface AmeliaSandboxOptions {
  /** The site's "items per page" setting; default 10. */
  pageSize?: number;
  /** The site's zone, in which `lastAppointment` is written: a city's or a manual offset (`{ gmtOffset: 5.5 }`); default 'Europe/Belgrade'. */
  timeZone?: WordPressTimeZone;
  /** Routes beyond amelia-customers.txt and amelia-employees.txt it offers (undocumented.ts); none by default. */
  undocumented?: ReadonlySet<UndocumentedFeature>;
  /** Generated customers after the seed's (SANDBOX_CUSTOMERS); none by default. */
  customers?: number;
}

export interface AmeliaSandbox {
  readonly server: SandboxServer;
  readonly credentials: { apiKey: string };
  readonly timeZone: string;
  /** Restores the seed customers, providers and locations, and clears the request log and faults. */
  reset(): void;
}

const API_KEY = 'amelia-sandbox-key-0c41f2';

const customerInput = z
  .object({
    firstName: z.string().trim().min(1),
    lastName: z.string().trim().min(1),
    externalId: z.number().int().positive().nullable(),
    phone: z.string().nullable(),
    countryPhoneIso: z.string().nullable(),
    email: z.union([z.email(), z.literal('')]).nullable(),
    gender: z.enum(['male', 'female']).nullable(),
    birthday: z.iso.date().nullable(),
    note: z.string().nullable(),
    language: z.string().nullable(),
  })
  .partial();
type CustomerInput = z.output<typeof customerInput>;

export function createAmeliaSandbox(options: AmeliaSandboxOptions = {}): AmeliaSandbox {
  const pageSize = options.pageSize ?? 10;
  const setting = options.timeZone ?? 'Europe/Belgrade';
  const timeZone = siteZoneName(setting);
  let customers: AmeliaStoredCustomer[] = [];
  let nextId = 0;
  // Derived from `customers`, until a customer is added, changed or removed.
  let byId: Map<number, AmeliaStoredCustomer> | null = null;
  const search = new CustomerSearch();
  function changed(): void {
    byId = null;
    search.changed();
  }
  const providers = createProviderRoutes({
    pageSize,
    allocateUserId: () => nextId++,
    locationsRoute: options.undocumented?.has('amelia-locations-route') ?? false,
  });

  const siteTime = (instant: Date | null): string | null =>
    instant && DateTime.fromJSDate(instant, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm:ss');

  const translations = (customer: AmeliaStoredCustomer): string | null =>
    customer.language === null ? null : JSON.stringify({ defaultLanguage: customer.language });

  /** What the list and single answers add beyond the document's examples, only when set. */
  function optionalFields(customer: AmeliaStoredCustomer): Json {
    const fields: Json = {};
    if (customer.note !== null) fields.note = customer.note;
    if (customer.gender !== null) fields.gender = customer.gender;
    if (customer.birthday !== null) fields.birthday = customer.birthday;
    const text = translations(customer);
    if (text !== null) fields.translations = text;
    return fields;
  }

  // amelia-customers.txt: the list sends `countPendingAppointments` as a string, `totalAppointments` as a number.
  const listView = (customer: AmeliaStoredCustomer): Json => ({
    id: customer.id,
    status: customer.status,
    firstName: customer.firstName,
    lastName: customer.lastName,
    email: customer.email,
    phone: customer.phone,
    countryPhoneIso: customer.countryPhoneIso,
    externalId: customer.externalId,
    lastAppointment: siteTime(customer.lastAppointmentAt),
    totalAppointments: customer.totalAppointments,
    countPendingAppointments: String(customer.pendingAppointments),
    ...optionalFields(customer),
  });

  /** The single GET and the create answer: the record without the appointment stats. */
  const recordView = (customer: AmeliaStoredCustomer): Json => ({
    id: customer.id,
    firstName: customer.firstName,
    lastName: customer.lastName,
    email: customer.email,
    phone: customer.phone,
    type: 'customer',
    status: customer.status,
    countryPhoneIso: customer.countryPhoneIso,
    ...(customer.externalId === null ? {} : { externalId: customer.externalId }),
    ...optionalFields(customer),
  });

  function find(id: number): AmeliaStoredCustomer | undefined {
    byId ??= new Map(customers.map((customer) => [customer.id, customer]));
    return byId.get(id);
  }

  function emailTaken(email: string | null | undefined, exceptId: number | null): boolean {
    if (!email) return false;
    const wanted = email.trim().toLowerCase();
    return customers.some((customer) => customer.id !== exceptId && customer.email?.toLowerCase() === wanted);
  }

  function wordpressUserTaken(externalId: number | null | undefined, exceptId: number | null): boolean {
    if (externalId == null) return false;
    return customers.some((customer) => customer.id !== exceptId && customer.externalId === externalId);
  }

  /** Validates a create/update body; on failure, the answer to send. */
  function readInput(request: SandboxRequest, failure: string): CustomerInput | SandboxResponse {
    const body = objectBody(request);
    if (body === null) return answer(400, failure, { invalidFields: [] });
    const parsed = customerInput.safeParse(body);
    if (!parsed.success) {
      const invalidFields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '')))];
      return answer(400, failure, { invalidFields });
    }
    return parsed.data;
  }

  function applyInput(customer: AmeliaStoredCustomer, input: CustomerInput): void {
    if (input.firstName !== undefined) customer.firstName = input.firstName;
    if (input.lastName !== undefined) customer.lastName = input.lastName;
    if (input.externalId !== undefined) customer.externalId = input.externalId;
    if (input.phone !== undefined) customer.phone = input.phone ?? '';
    if (input.countryPhoneIso !== undefined) customer.countryPhoneIso = input.countryPhoneIso;
    if (input.email !== undefined) customer.email = input.email?.trim() || null;
    if (input.gender !== undefined) customer.gender = input.gender;
    if (input.birthday !== undefined) customer.birthday = input.birthday;
    if (input.note !== undefined) customer.note = input.note;
    if (input.language !== undefined) customer.language = input.language || null;
  }

  const list: AmeliaRouteHandler = (request) => {
    const page = Math.max(1, Number.parseInt(request.query.get('page') ?? '', 10) || 1);
    const term = request.query.get('search')?.trim() ?? '';
    const matched = term === '' ? customers : search.matching(customers, term);
    const users = matched.slice((page - 1) * pageSize, page * pageSize).map(listView);
    return answer(200, 'Successfully retrieved users.', { users, filteredCount: matched.length, totalCount: customers.length });
  };

  const retrieve: AmeliaRouteHandler = (_request, id) => {
    const customer = find(id);
    return customer ? answer(200, 'Successfully retrieved user', { user: recordView(customer) }) : UNKNOWN_USER;
  };

  const create: AmeliaRouteHandler = (request) => {
    const input = readInput(request, 'Could not add user.');
    if ('status' in input) return input;
    if (input.firstName === undefined || input.lastName === undefined) {
      const invalidFields = (['firstName', 'lastName'] as const).filter((field) => input[field] === undefined);
      return answer(400, 'Could not add user.', { invalidFields });
    }
    if (emailTaken(input.email, null)) return answer(409, 'Email already exist.', { emailError: true });
    if (wordpressUserTaken(input.externalId, null)) return answer(400, 'Could not add user.', { invalidFields: ['externalId'] });
    const customer: AmeliaStoredCustomer = {
      id: nextId++,
      status: 'visible',
      firstName: input.firstName,
      lastName: input.lastName,
      email: null,
      phone: '',
      countryPhoneIso: null,
      externalId: null,
      gender: null,
      birthday: null,
      note: null,
      language: null,
      totalAppointments: 0,
      pendingAppointments: 0,
      futureAppointments: 0,
      lastAppointmentAt: null,
    };
    applyInput(customer, input);
    customers.push(customer);
    changed();
    return answer(200, 'Successfully added new user.', { user: recordView(customer) });
  };

  const update: AmeliaRouteHandler = (request, id) => {
    const customer = find(id);
    if (!customer) return UNKNOWN_USER;
    const input = readInput(request, 'Could not update user.');
    if ('status' in input) return input;
    if (emailTaken(input.email, id)) return answer(409, 'Email already exist.', { emailError: true });
    if (wordpressUserTaken(input.externalId, id)) return answer(400, 'Could not update user.', { invalidFields: ['externalId'] });
    applyInput(customer, input);
    changed();
    const { firstName, lastName, email, status } = customer;
    // amelia-customers.txt: the update answer carries only these fields, and `is_wp_user` beside them.
    return answer(200, 'Successfully updated user', {
      user: { id, firstName, lastName, email, type: 'customer', status },
      is_wp_user: false,
    });
  };

  const effect: AmeliaRouteHandler = (_request, id) => {
    const customer = find(id);
    if (!customer) return UNKNOWN_USER;
    const future = customer.futureAppointments;
    return answer(200, 'Successfully retrieved message.', {
      valid: future === 0,
      message: future === 0 ? '' : `Could not delete user.\n This user has ${future} appointments in the future.`,
    });
  };

  const remove: AmeliaRouteHandler = (_request, id) => {
    const customer = find(id);
    if (!customer) return UNKNOWN_USER;
    if (customer.futureAppointments > 0) return answer(409, 'Could not delete user.', []);
    customers = customers.filter((other) => other.id !== id);
    changed();
    return answer(200, 'Successfully deleted user.', []);
  };

  const routes: AmeliaRoute[] = [
    { method: 'GET', call: /^\/api\/v1\/users\/customers$/, handle: list },
    { method: 'POST', call: /^\/api\/v1\/users\/customers$/, handle: create },
    { method: 'GET', call: /^\/api\/v1\/users\/customers\/(\d+)$/, handle: retrieve },
    { method: 'POST', call: /^\/api\/v1\/users\/customers\/(\d+)$/, handle: update },
    { method: 'GET', call: /^\/api\/v1\/users\/customers\/effect\/(\d+)$/, handle: effect },
    { method: 'POST', call: /^\/api\/v1\/users\/customers\/delete\/(\d+)$/, handle: remove },
    ...providers.routes,
  ];

  function handle(request: SandboxRequest): SandboxResponse {
    if (request.method === 'GET' && isRestIndex(request)) {
      return restIndex(
        { name: 'Salon', description: 'Bookings', timeZone: setting, namespaces: [] },
        `http://${request.headers.host ?? 'localhost'}`,
      );
    }
    if (request.path !== '/wp-admin/admin-ajax.php') {
      return { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' }, raw: '<!DOCTYPE html><title>Page not found</title>' };
    }
    // WordPress answers an action nobody registered with 400 and the body "0".
    if (request.query.get('action') !== 'wpamelia_api') return { status: 400, raw: '0' };
    if (request.headers.amelia !== API_KEY) return answer(401, 'Unauthorized', []);
    const call = request.query.get('call') ?? '';
    const matching = routes.filter((route) => route.call.test(call));
    const route = matching.find((candidate) => candidate.method === request.method);
    if (!route) return matching.length > 0 ? answer(405, 'Method not allowed', []) : answer(404, 'Route not found', []);
    const id = Number(route.call.exec(call)?.[1] ?? 0);
    return route.handle(request, id);
  }

  const server = new SandboxServer('amelia', handle);

  function reset(): void {
    customers = seedAmeliaCustomers(generatedPeople('AMELIA', options.customers ?? 0));
    changed();
    providers.reset();
    // Customers and providers share Amelia's users table, and so its id sequence (customers are in id order).
    nextId = Math.max(providers.highestId(), customers.at(-1)?.id ?? 0) + 1;
    server.clearLog();
    server.clearFaults();
  }
  reset();

  return { server, credentials: { apiKey: API_KEY }, timeZone, reset };
}
