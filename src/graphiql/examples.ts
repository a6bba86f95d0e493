// What each example tab opens with beside its operation: a few lines about it, and variables that
// name records of the sandbox seed, so that ▶ runs it as it opens. Every operation of
// schema/operations needs an entry here (test/unit/graphiql-tabs.test.ts checks it).
import { FIELD_IDS, REGULARS_COMMUNITY_ID } from '../sandbox/platform/data.ts';
import type { JsonValue } from '../sources/model/index.ts';
import { sandboxCustomer, sandboxEmployee } from './sandbox-ids.ts';

export interface OperationExample {
  /** Shown as comment lines above the operation. */
  about: string;
  variables?: Record<string, JsonValue>;
  /**
   * An answer this example may show although ▶ ran it as given: error codes (`extensions.code`) or
   * error result types (`__typename`), and why. The end-to-end test allows these and no others.
   */
  mayShow?: { errors: readonly string[]; because: string };
}

/** The customer the read examples follow: seeded in all four sources. */
const AMARA = 'amara.okafor@example.test';

export function operationExamples(): Readonly<Record<string, OperationExample>> {
  const amaraInPlatform = sandboxCustomer('PLATFORM', AMARA);
  return {
    CustomerChanges: {
      about: 'CRM customers changed since a time, oldest change first. Pass pageInfo.endCursor as $after to read on.',
      variables: { since: '2023-01-01T00:00:00Z', first: 10 },
    },
    CreateCustomer: {
      about: 'Creates a customer in one source (AMELIA here). Pressed twice: the second answers EmailAlreadyInUse.',
      variables: {
        input: {
          source: 'AMELIA',
          firstName: 'Ada',
          lastName: 'Lovelace',
          email: 'ada.lovelace@example.test',
          phone: '+381601112233',
          locale: 'en-GB',
        },
      },
    },
    UpdateCustomer: {
      about: 'Changes what the input names and leaves the rest; null clears a field.',
      variables: {
        id: sandboxCustomer('CRM', 'kwame.mensah@example.test'),
        input: { note: 'Call after 17:00.', crm: { unsubscribed: false } },
      },
    },
    DeleteCustomer: {
      about: 'Deletes a customer (AMELIA asks first whether appointments still to come block it). Pressed twice: NotFound.',
      variables: { id: sandboxCustomer('AMELIA', 'casey.nguyen@example.test') },
    },
    CustomerDeletionCheck: {
      about: 'Whether a customer may be deleted, without deleting: this one has appointments still to come.',
      variables: { id: sandboxCustomer('AMELIA', 'taylor.brooks@example.test') },
    },
    CustomersPage: {
      about: 'A page of customers of every source; pass pageInfo.endCursor as $after for the next. $filter narrows it.',
      variables: { first: 10, filter: { sources: ['AMELIA', 'CRM'], search: 'o' } },
    },
    CustomersWithSameAs: {
      about: 'Customers with their records in the other sources (same email).',
      variables: { first: 5, filter: { search: 'okafor' } },
    },
    CustomerById: {
      about: 'One customer with everything the sources know, and the same person in the other sources.',
      variables: { id: sandboxCustomer('AMELIA', AMARA) },
    },
    NodeById: {
      about: 'Any record by its global id (the Relay node interface).',
      variables: { id: amaraInPlatform },
    },
    NodesByIds: {
      about: 'Several records by global id at once, in the order asked.',
      variables: {
        ids: [sandboxCustomer('AMELIA', AMARA), sandboxCustomer('KB_SUPPORT', AMARA), amaraInPlatform, sandboxCustomer('CRM', AMARA)],
      },
    },
    EmployeesPage: {
      about: 'Amelia employees, with whether they can be booked.',
      variables: { first: 10, filter: { status: 'VISIBLE' } },
    },
    EmployeeWeek: {
      about: "An employee's week: services, working hours and periods, special days, days off.",
      variables: { id: sandboxEmployee('milica.nikolic@example.test') },
    },
    CreateEmployee: {
      about: 'A new Amelia employee with a service and working hours (bookable). Pressed twice: EmailAlreadyInUse.',
      variables: {
        input: {
          firstName: 'Ana',
          lastName: 'Kovač',
          email: 'ana.kovac@example.test',
          locationId: '1',
          timeZone: 'Europe/Belgrade',
          services: [{ serviceId: '1', price: 30, minCapacity: 1, maxCapacity: 1 }],
          weeklySchedule: [
            { day: 'MONDAY', start: '09:00:00', end: '17:00:00', breaks: [{ start: '12:00:00', end: '12:30:00' }] },
            { day: 'WEDNESDAY', start: '09:00:00', end: '17:00:00' },
          ],
        },
      },
    },
    UpdateEmployee: {
      about: 'Gives an employee without services two of them; a list given replaces the one Amelia has.',
      variables: {
        id: sandboxEmployee('hoa.nguyen@example.test'),
        input: {
          services: [
            { serviceId: '2', price: 22, minCapacity: 1, maxCapacity: 1 },
            { serviceId: '5', price: 35, minCapacity: 1, maxCapacity: 3 },
          ],
        },
      },
    },
    DeleteEmployee: {
      about: 'Deletes an employee without appointments to come. Pressed twice: NotFound.',
      variables: { id: sandboxEmployee('zoe.angstrom@example.test') },
    },
    CustomerChanged: {
      about:
        "Each change of a customer as it happens (needs the synced index): ▶ opens the stream, ■ ends it.\nRun UpdateCustomer in another tab and its event shows here; a change made at a vendor shows after the sync's next tick.\nPut an event's id in $after to resume right after it.",
      variables: { filter: { sources: ['AMELIA', 'KB_SUPPORT', 'PLATFORM', 'CRM'] }, after: null },
    },
    CustomFields: {
      about: "The PLATFORM organization's custom fields. The sandbox answers as the vendor's document promises, which lists none.",
      mayShow: {
        errors: ['CUSTOM_FIELDS_NOT_LISTED'],
        because: 'the PLATFORM document names no list of definitions (SANDBOX_UNDOCUMENTED=platform-custom-fields-route offers one)',
      },
    },
    CustomerPlatformDetails: {
      about: "A PLATFORM customer's custom field values, codes and account.",
      variables: { id: sandboxCustomer('PLATFORM', 'jose.muller@example.test') },
    },
    SetCustomFieldValues: {
      about: 'Sets custom field values; MERGE keeps the fields not named.',
      variables: {
        customerId: sandboxCustomer('PLATFORM', 'siobhan.obriain@example.test'),
        values: [
          { fieldId: FIELD_IDS.tier, value: { option: 'gold' } },
          { fieldId: FIELD_IDS.interests, value: { options: ['yoga', 'spinning'] } },
        ],
        mode: 'MERGE',
      },
    },
    ClearCustomFieldValues: {
      about: 'Clears the named custom fields and keeps the others.',
      variables: { customerId: sandboxCustomer('PLATFORM', 'li.na@example.test'), fieldIds: [FIELD_IDS.newsletter] },
    },
    CustomerByCode: {
      about: 'The PLATFORM customer a code (member number, QR code…) identifies.',
      variables: { code: 'MEMBER-10000' },
    },
    CreateModelIdentifier: {
      about: 'Gives a PLATFORM customer a new code. Pressed twice: the code is taken.',
      variables: { customerId: sandboxCustomer('PLATFORM', 'lukasz.zolc@example.test'), code: 'QR-EXAMPLE-1', type: 'qr' },
    },
    MergeCustomers: {
      about: 'Merges the source customer into the target and DELETES the source; confirm must be true. Pressed twice: NotFound.',
      variables: {
        input: {
          sourceId: sandboxCustomer('PLATFORM', 'astrid.lindqvist@example.test'),
          targetId: sandboxCustomer('PLATFORM', 'rahul.mehta@example.test'),
          confirm: true,
        },
      },
    },
    RemoveCustomerFromCommunity: {
      about: 'Takes a PLATFORM customer out of a community (here: Regulars).',
      variables: { customerId: sandboxCustomer('PLATFORM', 'ngoc.tran@example.test'), communityId: REGULARS_COMMUNITY_ID },
    },
    StartCustomerExport: {
      about: 'Starts an export of PLATFORM customers; poll its job.id with the ExportJob tab.',
      variables: { filter: { search: 'jordan' } },
    },
    ExportJob: {
      about: 'An export by id: put the job.id StartCustomerExport answered in the variables.',
      variables: { id: 'paste-the-job-id-here' },
      mayShow: { errors: ['NOT_FOUND'], because: 'no export has that id until one is started and its id pasted in' },
    },
  };
}
