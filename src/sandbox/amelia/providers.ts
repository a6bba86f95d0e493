// The Amelia sandbox's provider (employee) routes (amelia-employees.txt) and, when turned on, the
// locations route (not in the document: off by default, answered then as any unknown `call` is).
//
// Where the document is silent: the list sends a summary as its example does (id, names, email, type,
// status, externalId and timeZone when set, activity; no lists); the single GET sends the whole record
// with serviceList, weekDayList, specialDayList and dayOffList (their rows carry ids; period list items
// are `{ id, locationId }` / `{ id, serviceId }`); `location=1` and `location[n]=…` both filter, a
// provider being at a location when it is its default or any weekly period's (own or listed); services
// match when any is assigned; search covers first name, last name, email and note; `GET /locations`,
// when on, answers `{ message, data: { locations: [{ id, name, address, status }] } }`. Errors are the customer
// routes' (404 unknown id, 400 `invalidFields`, 409 `emailError`, 409 on deleting with appointments
// ahead); a location id or service id Amelia does not have is an invalid `locationId`, `serviceList`,
// `weekDayList` or `specialDayList`; `locationId` is required (and cannot be cleared) while locations exist.
// Those refusals are Amelia's own validation, made whether or not the locations route is on.
import type { SandboxRequest, SandboxResponse } from '../server.ts';
import { AMELIA_SERVICE_IDS, seedAmeliaLocations, seedAmeliaProviders } from './provider-data.ts';
import { applyProviderInput, newProvider, type PeriodInput, type ProviderInput, providerInput } from './provider-input.ts';
import type { AmeliaStoredLocation, AmeliaStoredPeriod, AmeliaStoredProvider } from './provider-record.ts';
import { type AmeliaRoute, type AmeliaRouteHandler, answer, collate, type Json, objectBody, UNKNOWN_USER } from './routing.ts';

export interface ProviderRoutesOptions {
  pageSize: number;
  /** Amelia's one users table: customers and providers draw ids from the same sequence. */
  allocateUserId(): number;
  /** Whether `GET /locations` is served (undocumented.ts, `amelia-locations-route`). */
  locationsRoute: boolean;
}

export interface ProviderRoutes {
  routes: AmeliaRoute[];
  /** Restores the seed providers and locations. */
  reset(): void;
  /** The highest provider id, for the shared id sequence. */
  highestId(): number;
}

/** Weekly periods: the ones filters and locations look at. */
function providerLocations(provider: AmeliaStoredProvider): number[] {
  const periods = provider.weekDays.flatMap((day) => day.periods);
  return [provider.locationId, ...periods.flatMap((item) => [item.locationId, ...item.locationIds])].filter((id) => id !== null);
}

/** `services[0]=2&services[1]=5`, `services[]=2`, `location=1`, `location[0]=1`: every value of one array parameter. */
function arrayParameter(query: URLSearchParams, name: string): number[] {
  const pattern = new RegExp(`^${name}(\\[\\d*\\])?$`);
  return [...query.entries()]
    .filter(([key]) => pattern.test(key))
    .map(([, value]) => Number.parseInt(value, 10))
    .filter(Number.isSafeInteger);
}

export function createProviderRoutes(options: ProviderRoutesOptions): ProviderRoutes {
  let providers: AmeliaStoredProvider[] = [];
  let locations: AmeliaStoredLocation[] = [];

  const find = (id: number): AmeliaStoredProvider | undefined => providers.find((provider) => provider.id === id);

  /** amelia-employees.txt, the list example: a summary, optional fields only when set. */
  const summaryView = (provider: AmeliaStoredProvider): Json => ({
    id: provider.id,
    firstName: provider.firstName,
    lastName: provider.lastName,
    email: provider.email,
    type: 'provider',
    status: provider.status,
    ...(provider.externalId === null ? {} : { externalId: provider.externalId }),
    ...(provider.timeZone === null ? {} : { timeZone: provider.timeZone }),
    activity: provider.activity,
  });

  /** The single GET: the whole record, its list rows numbered as Amelia's tables number them. */
  function recordView(provider: AmeliaStoredProvider): Json {
    let row = provider.id * 1000;
    const rowId = () => ++row;
    const periodView = (item: AmeliaStoredPeriod) => ({
      id: rowId(),
      startTime: item.startTime,
      endTime: item.endTime,
      locationId: item.locationId,
      periodLocationList: item.locationIds.map((locationId) => ({ id: rowId(), locationId })),
      periodServiceList: item.serviceIds.map((serviceId) => ({ id: rowId(), serviceId })),
    });
    const optional = (name: keyof AmeliaStoredProvider): Json => (provider[name] === null ? {} : { [name]: provider[name] });
    return {
      id: provider.id,
      firstName: provider.firstName,
      lastName: provider.lastName,
      email: provider.email,
      type: 'provider',
      status: provider.status,
      phone: provider.phone,
      ...optional('countryPhoneIso'),
      ...optional('externalId'),
      locationId: provider.locationId,
      ...optional('timeZone'),
      ...optional('zoomUserId'),
      ...optional('note'),
      ...optional('description'),
      ...optional('descriptionHtml'),
      ...optional('pictureFullPath'),
      ...optional('pictureThumbPath'),
      serviceList: provider.services.map((item) => ({
        id: item.serviceId,
        price: item.price,
        minCapacity: item.minCapacity,
        maxCapacity: item.maxCapacity,
        customPricing: item.customPricing,
      })),
      weekDayList: provider.weekDays.map((day) => ({
        id: rowId(),
        dayIndex: day.dayIndex,
        startTime: day.startTime,
        endTime: day.endTime,
        timeOutList: day.timeOuts.map((timeOut) => ({ id: rowId(), ...timeOut })),
        periodList: day.periods.map(periodView),
      })),
      specialDayList: provider.specialDays.map((day) => ({
        id: rowId(),
        startDate: day.startDate,
        endDate: day.endDate,
        periodList: day.periods.map(periodView),
      })),
      dayOffList: provider.daysOff.map((day) => ({ id: rowId(), ...day })),
    };
  }

  function matchesSearch(provider: AmeliaStoredProvider, term: string): boolean {
    const needle = collate(term);
    return [provider.firstName, provider.lastName, provider.email, provider.note].some(
      (field) => field !== null && collate(field).includes(needle),
    );
  }

  function emailTaken(email: string | undefined, exceptId: number | null): boolean {
    if (!email) return false;
    const wanted = email.trim().toLowerCase();
    return providers.some((provider) => provider.id !== exceptId && provider.email.toLowerCase() === wanted);
  }

  /** The first Amelia property naming a location or service it does not have; null when all exist. */
  function unknownReference(input: ProviderInput): string | null {
    const knownLocation = (id: number | null | undefined) => id == null || locations.some((location) => location.id === id);
    const periodsKnown = (periods: PeriodInput[] | undefined) =>
      (periods ?? []).every(
        (item) =>
          knownLocation(item.locationId) &&
          (item.periodLocationList ?? []).every((entry) => knownLocation(entry.locationId)) &&
          (item.periodServiceList ?? []).every((entry) => AMELIA_SERVICE_IDS.includes(entry.serviceId)),
      );
    if (!knownLocation(input.locationId)) return 'locationId';
    if (!(input.serviceList ?? []).every((item) => AMELIA_SERVICE_IDS.includes(item.id))) return 'serviceList';
    if (!(input.weekDayList ?? []).every((day) => periodsKnown(day.periodList))) return 'weekDayList';
    if (!(input.specialDayList ?? []).every((day) => periodsKnown(day.periodList))) return 'specialDayList';
    return null;
  }

  /** Validates a create/update body: the input, or the refusal to answer. */
  function readInput(request: SandboxRequest, failure: string): { input: ProviderInput } | { refusal: SandboxResponse } {
    const refuse = (invalidFields: string[]) => ({ refusal: answer(400, failure, { invalidFields }) });
    const body = objectBody(request);
    if (body === null) return refuse([]);
    const parsed = providerInput.safeParse(body);
    if (!parsed.success) return refuse([...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '')))]);
    const days = (parsed.data.weekDayList ?? []).map((day) => day.dayIndex);
    if (new Set(days).size !== days.length) return refuse(['weekDayList']);
    const unknown = unknownReference(parsed.data);
    if (unknown !== null) return refuse([unknown]);
    if (locations.length > 0 && parsed.data.locationId === null) return refuse(['locationId']);
    return { input: parsed.data };
  }

  const list: AmeliaRouteHandler = (request) => {
    const page = Math.max(1, Number.parseInt(request.query.get('page') ?? '', 10) || 1);
    const search = request.query.get('search')?.trim() ?? '';
    const services = arrayParameter(request.query, 'services');
    const at = arrayParameter(request.query, 'location');
    const matched = providers.filter(
      (provider) =>
        (search === '' || matchesSearch(provider, search)) &&
        (services.length === 0 || provider.services.some((item) => services.includes(item.serviceId))) &&
        (at.length === 0 || providerLocations(provider).some((id) => at.includes(id))),
    );
    const users = matched.slice((page - 1) * options.pageSize, page * options.pageSize).map(summaryView);
    return answer(200, 'Successfully retrieved users.', { users, countFiltered: matched.length, countTotal: providers.length });
  };

  const retrieve: AmeliaRouteHandler = (_request, id) => {
    const provider = find(id);
    return provider ? answer(200, 'Successfully retrieved user.', { user: recordView(provider) }) : UNKNOWN_USER;
  };

  const create: AmeliaRouteHandler = (request) => {
    const read = readInput(request, 'Could not add user.');
    if ('refusal' in read) return read.refusal;
    const fields = read.input;
    const missing: string[] = (['firstName', 'lastName', 'email'] as const).filter((field) => fields[field] === undefined);
    if (locations.length > 0 && fields.locationId == null) missing.push('locationId');
    if (missing.length > 0) return answer(400, 'Could not add user.', { invalidFields: missing });
    if (emailTaken(fields.email, null)) return answer(409, 'Email already exist.', { emailError: true });
    const provider = newProvider(options.allocateUserId());
    applyProviderInput(provider, fields);
    providers.push(provider);
    const { id, firstName, lastName, email, status, countryPhoneIso, timeZone } = provider;
    return answer(200, 'Successfully added new user.', {
      user: {
        id,
        firstName,
        lastName,
        email,
        type: 'provider',
        status,
        ...(countryPhoneIso ? { countryPhoneIso } : {}),
        ...(timeZone ? { timeZone } : {}),
      },
      sendEmployeePanelAccessEmail: fields.sendEmployeePanelAccessEmail === true,
      password: null,
    });
  };

  const update: AmeliaRouteHandler = (request, id) => {
    const provider = find(id);
    if (!provider) return UNKNOWN_USER;
    const read = readInput(request, 'Could not update user.');
    if ('refusal' in read) return read.refusal;
    const fields = read.input;
    if (emailTaken(fields.email, id)) return answer(409, 'Email already exist.', { emailError: true });
    applyProviderInput(provider, fields);
    const { firstName, lastName, email, status } = provider;
    // amelia-employees.txt: the update answer carries only these fields.
    return answer(200, 'Successfully', { user: { id, firstName, lastName, email, type: 'provider', status } });
  };

  const effect: AmeliaRouteHandler = (_request, id) => {
    const provider = find(id);
    if (!provider) return UNKNOWN_USER;
    const future = provider.futureAppointments;
    return answer(200, 'Successfully retrieved message.', {
      valid: future === 0,
      message: future === 0 ? '' : `Could not delete employee.\n This employee has ${future} appointments in the future.`,
    });
  };

  const remove: AmeliaRouteHandler = (_request, id) => {
    const provider = find(id);
    if (!provider) return UNKNOWN_USER;
    if (provider.futureAppointments > 0) return answer(409, 'Could not delete user.', []);
    providers = providers.filter((other) => other.id !== id);
    return answer(200, 'Successfully deleted user.', []);
  };

  const locationsRoute: AmeliaRoute = {
    method: 'GET',
    call: /^\/api\/v1\/locations$/,
    handle: () => answer(200, 'Successfully retrieved locations.', { locations: locations.map((location) => ({ ...location })) }),
  };

  return {
    routes: [
      { method: 'GET', call: /^\/api\/v1\/users\/providers$/, handle: list },
      { method: 'POST', call: /^\/api\/v1\/users\/providers$/, handle: create },
      { method: 'GET', call: /^\/api\/v1\/users\/providers\/(\d+)$/, handle: retrieve },
      { method: 'POST', call: /^\/api\/v1\/users\/providers\/(\d+)$/, handle: update },
      { method: 'GET', call: /^\/api\/v1\/users\/providers\/effect\/(\d+)$/, handle: effect },
      { method: 'POST', call: /^\/api\/v1\/users\/providers\/delete\/(\d+)$/, handle: remove },
      ...(options.locationsRoute ? [locationsRoute] : []),
    ],
    reset() {
      providers = seedAmeliaProviders();
      locations = seedAmeliaLocations();
    },
    highestId: () => Math.max(0, ...providers.map((provider) => provider.id)),
  };
}
