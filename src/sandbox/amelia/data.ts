// The Amelia sandbox's customers, built from the shared seed people and the generated ones after them
// (SANDBOX_CUSTOMERS). Deterministic: the same list on every call.
import { SEED_SLICES, type SeedPerson } from '../seed.ts';

export interface AmeliaStoredCustomer {
  id: number;
  status: 'visible' | 'hidden' | 'blocked';
  firstName: string;
  lastName: string;
  email: string | null;
  /** "" when the customer gave none, as Amelia stores it. */
  phone: string;
  /** Lower case, as Amelia's phone widget stores it (`rs`). */
  countryPhoneIso: string | null;
  /** The linked WordPress user. */
  externalId: number | null;
  gender: 'male' | 'female' | null;
  birthday: string | null;
  note: string | null;
  /** Amelia's form (`en_GB`); sent inside the `translations` JSON string. */
  language: string | null;
  totalAppointments: number;
  pendingAppointments: number;
  /** Booked appointments still to come: they block deletion. */
  futureAppointments: number;
  /** The instant of the last appointment; sent as wall-clock time in the site's zone. */
  lastAppointmentAt: Date | null;
}

/** Leaves gaps in the ids, as deleted customers do (the document's list skips 12–15 too). */
function idFor(index: number): number {
  return 10 + index + (index >= 4 ? 2 : 0) + (index >= 17 ? 1 : 0);
}

function toStored(person: SeedPerson, index: number): AmeliaStoredCustomer {
  const totalAppointments = (index * 7 + 11) % 23;
  const pendingAppointments = totalAppointments > 0 && index % 4 === 2 ? 1 + (index % 3) : 0;
  return {
    id: idFor(index),
    status: index % 9 === 5 ? 'hidden' : index % 13 === 11 ? 'blocked' : 'visible',
    firstName: person.firstName,
    lastName: person.lastName,
    email: person.email ?? null,
    phone: person.phone ?? '',
    countryPhoneIso: person.country?.toLowerCase() ?? null,
    externalId: index % 3 === 0 ? 8 + index : null,
    gender: person.gender === 'male' || person.gender === 'female' ? person.gender : null,
    birthday: person.birthday ?? null,
    note: person.note ?? null,
    language: person.locale?.replace('-', '_') ?? null,
    totalAppointments,
    pendingAppointments,
    futureAppointments: pendingAppointments + (totalAppointments > 0 && index % 5 === 0 ? 2 : 0),
    // Generated customers (index 30 on) take the seed's days in turn, so none lies years ahead.
    lastAppointmentAt: totalAppointments > 0 ? new Date(Date.UTC(2026, 0, 3 + (index % 30) * 11, 7 + (index % 6))) : null,
  };
}

/** The seed people's customers, then those of `generated` (generated/people.ts), in id order. */
export function seedAmeliaCustomers(generated: Iterable<SeedPerson> = []): AmeliaStoredCustomer[] {
  const customers = SEED_SLICES.AMELIA.map(toStored);
  for (const person of generated) customers.push(toStored(person, customers.length));
  return customers;
}
