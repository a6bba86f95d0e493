// What the Amelia sandbox stores for a provider (employee) and a location, in Amelia's own shapes
// (amelia-employees.txt): weekly days with periods and breaks, special days, days off, and services
// with the provider's price, capacity and custom pricing.

export interface AmeliaStoredPeriod {
  startTime: string;
  endTime: string;
  locationId: number | null;
  /** `periodLocationList`. */
  locationIds: number[];
  /** `periodServiceList`. */
  serviceIds: number[];
}

export interface AmeliaStoredWeekDay {
  /** 1 (Monday) to 7 (Sunday). */
  dayIndex: number;
  startTime: string;
  endTime: string;
  timeOuts: Array<{ startTime: string; endTime: string }>;
  periods: AmeliaStoredPeriod[];
}

export interface AmeliaStoredSpecialDay {
  startDate: string;
  endDate: string;
  periods: AmeliaStoredPeriod[];
}

export interface AmeliaStoredDayOff {
  name: string;
  startDate: string;
  endDate: string;
  repeat: 0 | 1;
}

export interface AmeliaStoredProviderService {
  serviceId: number;
  price: number;
  minCapacity: number;
  maxCapacity: number;
  /** JSON inside a string, as Amelia keeps it (one seed value is deliberately unreadable). */
  customPricing: string;
}

export interface AmeliaStoredProvider {
  id: number;
  status: 'visible' | 'hidden';
  firstName: string;
  lastName: string;
  email: string;
  /** "" when none, as Amelia stores it. */
  phone: string;
  countryPhoneIso: string | null;
  externalId: number | null;
  /** The default location. */
  locationId: number | null;
  timeZone: string | null;
  zoomUserId: string | null;
  note: string | null;
  description: string | null;
  descriptionHtml: string | null;
  pictureFullPath: string | null;
  pictureThumbPath: string | null;
  activity: 'available' | 'away' | 'break' | 'dayoff';
  services: AmeliaStoredProviderService[];
  weekDays: AmeliaStoredWeekDay[];
  specialDays: AmeliaStoredSpecialDay[];
  daysOff: AmeliaStoredDayOff[];
  /** Booked appointments still to come: they block deletion. */
  futureAppointments: number;
}

export interface AmeliaStoredLocation {
  id: number;
  name: string;
  address: string;
  status: 'visible';
}

export const NO_CUSTOM_PRICING = '{"enabled":false,"durations":{}}';
