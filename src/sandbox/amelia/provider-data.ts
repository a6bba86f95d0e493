// The Amelia sandbox's seeded providers (employees), locations and services (amelia-employees.txt;
// their shapes are in provider-record.ts). Deterministic: the same lists on every call. Provider ids
// leave gaps and stay clear of the customer ids, as Amelia's one users table would.
import {
  type AmeliaStoredLocation,
  type AmeliaStoredPeriod,
  type AmeliaStoredProvider,
  type AmeliaStoredProviderService,
  type AmeliaStoredWeekDay,
  NO_CUSTOM_PRICING,
} from './provider-record.ts';

export const AMELIA_SERVICE_IDS: readonly number[] = [1, 2, 3, 4, 5, 6];

export function seedAmeliaLocations(): AmeliaStoredLocation[] {
  return [
    { id: 1, name: 'Beograd — Knez Mihailova', address: 'Knez Mihailova 12, Beograd', status: 'visible' },
    { id: 2, name: 'Novi Sad — Centar', address: 'Zmaj Jovina 4, Novi Sad', status: 'visible' },
    { id: 3, name: 'Niš — Obrenovićeva', address: 'Obrenovićeva 30, Niš', status: 'visible' },
  ];
}

function period(
  startTime: string,
  endTime: string,
  at: Partial<Pick<AmeliaStoredPeriod, 'locationId' | 'locationIds' | 'serviceIds'>> = {},
): AmeliaStoredPeriod {
  return { startTime, endTime, locationId: at.locationId ?? null, locationIds: at.locationIds ?? [], serviceIds: at.serviceIds ?? [] };
}

/** The same hours on each of `days`; without periods, one period over the whole day. */
function week(
  days: number[],
  startTime: string,
  endTime: string,
  extra: { timeOuts?: Array<[string, string]>; periods?: AmeliaStoredPeriod[] } = {},
): AmeliaStoredWeekDay[] {
  return days.map((dayIndex) => ({
    dayIndex,
    startTime,
    endTime,
    timeOuts: (extra.timeOuts ?? []).map(([start, end]) => ({ startTime: start, endTime: end })),
    periods: (extra.periods ?? [period(startTime, endTime)]).map((item) => ({
      ...item,
      locationIds: [...item.locationIds],
      serviceIds: [...item.serviceIds],
    })),
  }));
}

function service(
  serviceId: number,
  price: number,
  capacity: [number, number] = [1, 1],
  customPricing = NO_CUSTOM_PRICING,
): AmeliaStoredProviderService {
  return { serviceId, price, minCapacity: capacity[0], maxCapacity: capacity[1], customPricing };
}

function provider(
  fields: Pick<AmeliaStoredProvider, 'id' | 'firstName' | 'lastName' | 'email'> & Partial<AmeliaStoredProvider>,
): AmeliaStoredProvider {
  return {
    status: 'visible',
    phone: '',
    countryPhoneIso: null,
    externalId: null,
    locationId: null,
    timeZone: null,
    zoomUserId: null,
    note: null,
    description: null,
    descriptionHtml: null,
    pictureFullPath: null,
    pictureThumbPath: null,
    activity: 'available',
    services: [],
    weekDays: [],
    specialDays: [],
    daysOff: [],
    futureAppointments: 0,
    ...fields,
  };
}

const WORKWEEK = [1, 2, 3, 4, 5];

export function seedAmeliaProviders(): AmeliaStoredProvider[] {
  return [
    provider({
      id: 1,
      firstName: 'Jovana',
      lastName: 'Petrović',
      email: 'jovana.petrovic@example.test',
      phone: '+381641112233',
      countryPhoneIso: 'rs',
      externalId: 4,
      locationId: 1,
      timeZone: 'Europe/Belgrade',
      note: 'Senior stylist; trains new staff.',
      description: 'Cuts and colour.',
      descriptionHtml: '<p>Cuts and colour.</p>',
      pictureFullPath: 'https://example.test/wp-content/uploads/jovana.jpg',
      pictureThumbPath: 'https://example.test/wp-content/uploads/jovana-150x150.jpg',
      services: [service(1, 30), service(2, 20), service(3, 50, [1, 2])],
      weekDays: week(WORKWEEK, '08:00:00', '16:00:00', { timeOuts: [['12:00:00', '12:30:00']] }),
      daysOff: [{ name: 'Slava', startDate: '2026-12-19', endDate: '2026-12-19', repeat: 1 }],
      futureAppointments: 4,
    }),
    provider({
      id: 2,
      firstName: 'Luka',
      lastName: 'Đorđević',
      email: 'luka.djordjevic@example.test',
      locationId: 2,
      zoomUserId: 'zoom-luka-2',
      activity: 'away',
      services: [
        service(2, 22),
        service(4, 45, [1, 6], '{"enabled":true,"durations":{"1800":{"price":25,"rules":[]},"5400":{"price":60,"rules":[]}}}'),
      ],
      weekDays: week([1, 3, 5], '09:00:00', '18:00:00', {
        timeOuts: [['13:00:00', '14:00:00']],
        periods: [period('09:00:00', '13:00:00', { locationId: 2 }), period('14:00:00', '18:00:00', { locationIds: [3], serviceIds: [4] })],
      }),
    }),
    provider({
      id: 3,
      firstName: 'Milica',
      lastName: 'Nikolić',
      email: 'milica.nikolic@example.test',
      externalId: 6,
      locationId: 1,
      note: 'Works with children; speaks Serbian and English.',
      services: [service(2, 20), service(5, 35, [1, 3])],
      weekDays: week([2, 3, 4, 5, 6], '10:00:00', '18:00:00', {
        periods: [period('10:00:00', '14:00:00', { locationIds: [1] }), period('14:00:00', '18:00:00', { locationIds: [3] })],
      }),
      specialDays: [
        {
          startDate: '2026-03-18',
          endDate: '2026-03-19',
          periods: [period('12:00:00', '16:00:00', { locationIds: [2], serviceIds: [5] })],
        },
      ],
      daysOff: [
        { name: 'Božić', startDate: '2026-01-07', endDate: '2026-01-07', repeat: 1 },
        { name: 'Seminar', startDate: '2026-05-11', endDate: '2026-05-13', repeat: 0 },
      ],
      futureAppointments: 7,
    }),
    provider({
      id: 5,
      firstName: 'Zoë',
      lastName: 'Ångström',
      email: 'zoe.angstrom@example.test',
      status: 'hidden',
      phone: '+46701234567',
      countryPhoneIso: 'se',
      locationId: 3,
      timeZone: 'Europe/Stockholm',
      activity: 'dayoff',
      services: [service(6, 80)],
      weekDays: week([1, 2, 3, 4], '07:30:00', '15:30:00'),
    }),
    provider({
      id: 6,
      firstName: 'Thị Hoa',
      lastName: 'Nguyễn',
      email: 'hoa.nguyen@example.test',
      locationId: 2,
      note: 'Waiting for her services to be assigned.',
      weekDays: week(WORKWEEK, '09:00:00', '17:00:00'),
    }),
    provider({
      id: 8,
      firstName: '芳',
      lastName: '王',
      email: 'wang.fang@example.test',
      locationId: 1,
      services: [service(1, 30), service(3, 55)],
      futureAppointments: 2,
    }),
    provider({
      id: 9,
      firstName: 'José',
      lastName: 'García-Márquez',
      email: 'jose.garcia@example.test',
      locationId: 2,
      services: [service(1, 28, [1, 1], '{"enabled":true,"durations":{"1800":{"price":25,"rules":[]},"3600":{"price":45,"rules":[]}}}')],
      weekDays: week([6, 7], '10:00:00', '16:00:00', { periods: [period('10:00:00', '16:00:00', { locationId: 2 })] }),
      futureAppointments: 1,
    }),
    provider({
      id: 51,
      firstName: 'Aoife',
      lastName: 'Ní Bhriain',
      email: 'aoife.nibhriain@example.test',
      status: 'hidden',
      locationId: 3,
      activity: 'away',
    }),
    provider({
      id: 52,
      firstName: 'Ömer',
      lastName: 'Yılmaz',
      email: 'omer.yilmaz@example.test',
      phone: '+905321234567',
      countryPhoneIso: 'tr',
      locationId: 3,
      timeZone: 'Europe/Istanbul',
      // An unreadable customPricing, as a broken import leaves it: read as null, kept raw.
      services: [service(5, 35), service(6, 0, [1, 4], '{"enabled":true,"durations":')],
      weekDays: week(WORKWEEK, '12:00:00', '20:00:00', {
        timeOuts: [
          ['15:00:00', '15:15:00'],
          ['18:00:00', '18:15:00'],
        ],
        periods: [
          period('12:00:00', '16:00:00', { locationIds: [1, 3], serviceIds: [5] }),
          period('16:00:00', '20:00:00', { locationIds: [3] }),
        ],
      }),
      specialDays: [
        { startDate: '2026-02-14', endDate: '2026-02-14', periods: [period('09:00:00', '12:00:00')] },
        { startDate: '2026-06-01', endDate: '2026-06-03', periods: [period('10:00:00', '14:00:00', { locationId: 2 })] },
      ],
      futureAppointments: 3,
    }),
    provider({
      id: 54,
      firstName: 'Dragana',
      lastName: 'Stojanović',
      email: 'dragana.stojanovic@example.test',
      locationId: 1,
      note: 'Part-time; prefers mornings.',
      services: [service(4, 40, [2, 8])],
      weekDays: week(WORKWEEK, '09:00:00', '15:00:00'),
    }),
    provider({
      id: 57,
      firstName: 'Kwame',
      lastName: 'Mensah',
      email: 'kwame.mensah@example.test',
      phone: '0241234567',
      countryPhoneIso: 'gh',
      locationId: 2,
      timeZone: 'Africa/Accra',
      services: [service(1, 25), service(6, 70)],
      weekDays: week([6, 7], '09:00:00', '14:00:00'),
      daysOff: [{ name: 'Independence Day', startDate: '2026-03-06', endDate: '2026-03-06', repeat: 1 }],
    }),
    provider({
      id: 58,
      firstName: 'Anaïs',
      lastName: 'Lefèvre',
      email: 'anais.lefevre@example.test',
      locationId: 3,
      activity: 'break',
      services: [service(3, 50)],
      weekDays: week([1], '10:00:00', '14:00:00'),
    }),
  ];
}
