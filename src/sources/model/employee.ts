// Employees (Amelia providers): the unified record, its schedule and services, and the EmployeeSource.
import type { ById } from '../errors.ts';
import type { RequestScope } from '../request-scope.ts';
import type { ContactPhone, DeletionCheck, JsonObject, JsonValue, PageToken, WriteMode } from './common.ts';

export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
/** Amelia's `dayIndex` 1..7 is WEEKDAYS[dayIndex - 1]. */
export type Weekday = (typeof WEEKDAYS)[number];

/** Wall-clock times as `HH:MM:SS`, in the employee's time zone. */
export interface TimeRange {
  start: string;
  end: string;
}

export interface WorkPeriod extends TimeRange {
  /** The period's own location (`locationId`), if any. */
  locationId: string | null;
  /** `periodLocationList`: the locations the period is bookable at (empty: all). */
  locationIds: string[];
  /** `periodServiceList`: the services the period is bookable for (empty: all). */
  serviceIds: string[];
}

export interface WorkDay extends TimeRange {
  day: Weekday;
  /** `timeOutList`. */
  breaks: TimeRange[];
  periods: WorkPeriod[];
}

export interface SpecialDay {
  /** `YYYY-MM-DD`, inclusive. */
  startDate: string;
  endDate: string;
  periods: WorkPeriod[];
}

export interface DayOff {
  name: string;
  startDate: string;
  endDate: string;
  /** `repeat: 1`. */
  repeatsYearly: boolean;
}

export interface CustomPricing {
  enabled: boolean;
  /** `durations` as the vendor sent it (duration in seconds → price and rules). */
  durations: JsonObject;
}

export interface EmployeeService {
  serviceId: string;
  price: number;
  minCapacity: number;
  maxCapacity: number;
  /** Parsed from the JSON string Amelia sends; null when absent or unreadable. */
  customPricing: CustomPricing | null;
  /** `customPricing` exactly as sent. */
  customPricingRaw: JsonValue;
}

export type EmployeeStatus = 'VISIBLE' | 'HIDDEN';

export interface Employee {
  source: 'AMELIA';
  sourceId: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: ContactPhone | null;
  countryPhoneIso: string | null;
  status: EmployeeStatus | null;
  /** IANA. */
  timeZone: string | null;
  /** The default location. */
  locationId: string | null;
  wordpressUserId: number | null;
  zoomUserId: string | null;
  note: string | null;
  description: string | null;
  descriptionHtml: string | null;
  pictureFullPath: string | null;
  pictureThumbPath: string | null;
  /** `activity` (e.g. available, away, break, dayoff), where the list sends it. */
  activity: string | null;
  /**
   * The lists below are null when the vendor's answer did not carry them (its list route sends a
   * summary); the full record then comes from the single route.
   */
  services: EmployeeService[] | null;
  weeklySchedule: WorkDay[] | null;
  specialDays: SpecialDay[] | null;
  daysOff: DayOff[] | null;
  sourceRecord: JsonObject;
}

export interface EmployeeListFilter {
  search?: string;
  serviceIds?: string[];
  locationIds?: string[];
  status?: EmployeeStatus;
}

export interface EmployeePage {
  /** Only records verified to match the filter, in the vendor's order. */
  employees: Employee[];
  next: PageToken | null;
}

/** An employee write, validated: `undefined` leaves a field alone; a list sent replaces the vendor's list. */
export interface EmployeeDraft {
  firstName?: string;
  lastName?: string;
  email?: string;
  /** E.164. */
  phone?: string | null;
  status?: EmployeeStatus;
  timeZone?: string | null;
  locationId?: string | null;
  wordpressUserId?: number | null;
  zoomUserId?: string | null;
  note?: string | null;
  description?: string | null;
  descriptionHtml?: string | null;
  pictureFullPath?: string | null;
  pictureThumbPath?: string | null;
  services?: Array<Omit<EmployeeService, 'customPricingRaw' | 'customPricing'> & { customPricing?: CustomPricing | null }>;
  weeklySchedule?: WorkDay[];
  specialDays?: SpecialDay[];
  daysOff?: DayOff[];
  /** Create only: ask Amelia to mail the employee panel access. */
  sendEmployeePanelAccessEmail?: boolean;
}

export interface EmployeeWriteResult {
  employee: Employee;
  /** What Amelia reports in `sendEmployeePanelAccessEmail` (create). */
  panelAccessEmailSent: boolean | null;
}

export interface EmployeeSource {
  /** One entry per id, in order: the employee, null where Amelia has none, or its read's failure. */
  getByIds(ids: readonly string[], scope: RequestScope): Promise<Array<ById<Employee>>>;
  listPage(request: { filter: EmployeeListFilter; token: PageToken | null; sizeHint: number }, scope: RequestScope): Promise<EmployeePage>;
  count(filter: EmployeeListFilter, scope: RequestScope): Promise<number>;
  /** Throws ValidationError (field named as in the public input: `weeklySchedule.0.periods.1.end`). */
  validate(draft: EmployeeDraft, mode: WriteMode, scope: RequestScope): Promise<void>;
  create(draft: EmployeeDraft, scope: RequestScope): Promise<EmployeeWriteResult>;
  /** NotFoundError for an unknown id. */
  update(id: string, draft: EmployeeDraft, scope: RequestScope): Promise<EmployeeWriteResult>;
  /** NotFoundError; DeletionBlockedError after the vendor's own check. */
  delete(id: string, scope: RequestScope): Promise<void>;
  deletionCheck(id: string, scope: RequestScope): Promise<DeletionCheck>;
}
