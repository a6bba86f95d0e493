// The vendor payloads the baseline reads: only the fields its answers use.

export interface AmeliaCustomerRecord {
  id: number;
  firstName: string;
  lastName: string;
  email?: string | null;
  phone?: string | null;
  countryPhoneIso?: string | null;
  note?: string | null;
  gender?: string | null;
  birthday?: string | null;
  translations?: string | null;
}

export interface AmeliaList<Item> {
  data: { users: Item[]; filteredCount?: number; totalCount?: number; countFiltered?: number; countTotal?: number };
}

export interface AmeliaSingle<Item> {
  data: { user: Item };
}

interface AmeliaPeriod {
  startTime: string;
  endTime: string;
  periodLocationList?: Array<{ locationId?: number | null; id?: number }> | null;
  periodServiceList?: Array<{ serviceId?: number | null; id?: number }> | null;
}

export interface AmeliaProviderRecord {
  id: number;
  firstName: string;
  lastName: string;
  weekDayList?: Array<{
    dayIndex: number;
    startTime: string;
    endTime: string;
    timeOutList?: Array<{ startTime: string; endTime: string }> | null;
    periodList?: AmeliaPeriod[] | null;
  }> | null;
}

export interface KbsRecord {
  id: string | number;
  name?: string;
  email?: string;
  additional_emails?: string[];
  phone?: { primary?: string; additional?: string };
  notes?: string[];
}

export interface PlatformEntry {
  value: unknown;
  label?: string;
  formatted_value?: string | null;
  type?: string;
}

export interface PlatformResource {
  id: string;
  attributes: {
    given_name?: string | null;
    family_name?: string | null;
    email?: string | null;
    mobile?: string | null;
    phone?: string | null;
    custom_entry_map?: Record<string, PlatformEntry> | null;
  };
}

export interface PlatformCollection<Item> {
  meta?: { page?: { lastPage?: number; total?: number } };
  data: Item[];
}

export interface PlatformFieldResource {
  id: string;
  attributes: { label: string };
}

export interface PlatformIdentifierResource {
  attributes: { code: string; type: string };
}

export interface CrmEnvelope<Data> {
  data: Data;
}

export interface CrmUser {
  id: string;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  phoneCountry?: string | null;
  internalNote?: string | null;
  updatedAt?: string | null;
}
