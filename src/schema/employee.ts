// The Employee type (an Amelia provider, read from Amelia's whole record where a list sent only its
// summary) with its queries (`employee`, `employees`); its mutations are in employee-writes.ts, its
// parts (schedule, services, inputs, connection, ids) in the other employee-*.ts files beside it.

import type { GatewayContext } from '../context.ts';
import { badUserInput, notFound } from '../errors.ts';
import { pageSizeArgument } from '../plugins/page-size.ts';
import type { Employee } from '../sources/model/index.ts';
import { builder } from './builder.ts';
import { selects } from './connection.ts';
import { ContactPhoneRef } from './contact.ts';
import { DeletionCheckRef } from './deletion.ts';
import { notBookableReasons } from './employee-bookable.ts';
import { EmployeeConnection, EmployeeFilterInput } from './employee-connection.ts';
import { parseEmployeeLocalId } from './employee-ids.ts';
import { EmployeeRef } from './employee-ref.ts';
import { DayOffRef, SpecialDayRef, WorkDayRef } from './employee-schedule.ts';
import { EmployeeServiceRef } from './employee-service.ts';
import { EmployeeStatusEnum } from './enums.ts';
import { decodeGlobalId } from './global-id.ts';
import { rawVendorData } from './raw-vendor-data.ts';

/** Said of every field read from the whole record (a list sends a summary). */
const UNREAD = ' null (with a SOURCE_UNAVAILABLE error) when the whole record could not be read.';

export async function loadEmployee(globalId: string, localId: string, ctx: GatewayContext): Promise<Employee> {
  const employee = await ctx.loaders.employees.byId.load(parseEmployeeLocalId(localId, globalId));
  if (!employee) throw notFound(`No employee with id "${globalId}"`);
  return employee;
}

/** The employee with its lists: a list answer carries a summary, the single route the whole record. */
async function whole(employee: Employee, ctx: GatewayContext): Promise<Employee> {
  if (employee.services && employee.weeklySchedule && employee.specialDays && employee.daysOff) return employee;
  return (await ctx.loaders.employees.byId.load(employee.sourceId)) ?? employee;
}

builder.node(EmployeeRef, {
  authScopes: { 'employees:read': true },
  runScopesOnType: true,
  description: 'An Amelia employee (provider): who can be booked, for what, and when.',
  id: {
    description: 'The global id of this employee (opaque). Use it with `employee(id)`, `node(id)` and the employee mutations.',
    resolve: (employee) => `AMELIA:${employee.sourceId}`,
  },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'weeklySchedule' in value,
  fields: (t) => ({
    sourceId: t.exposeString('sourceId', { description: "Amelia's provider id (`id`)." }),
    firstName: t.exposeString('firstName', { nullable: true, description: 'Amelia `firstName`; null when empty.' }),
    lastName: t.exposeString('lastName', { nullable: true, description: 'Amelia `lastName`; null when empty.' }),
    displayName: t.string({
      nullable: true,
      description: 'First and last name; null when both are empty.',
      resolve: (e) => [e.firstName, e.lastName].filter(Boolean).join(' ') || null,
    }),
    email: t.field({
      type: 'EmailAddress',
      nullable: true,
      description: 'Amelia `email`; null when empty or not a valid address (the raw value stays in `sourceRecord`).',
      resolve: (e) => e.email,
    }),
    phone: t.field({
      type: ContactPhoneRef,
      nullable: true,
      authScopes: { 'pii:read': true },
      description:
        "Amelia `phone`, with `countryPhoneIso` as its country; null when empty. Read from the whole record when a list gave only Amelia's summary. Needs the `pii:read` scope.",
      resolve: async (e, _args, ctx) => (await whole(e, ctx)).phone,
    }),
    countryPhoneIso: t.string({
      resolve: async (e, _args, ctx) => (await whole(e, ctx)).countryPhoneIso,
      nullable: true,
      description:
        "Amelia `countryPhoneIso`: the phone number's country as Amelia keeps it (lower case, e.g. `rs`); null when unset. Read from the whole record when a list gave only Amelia's summary.",
    }),
    status: t.field({
      type: EmployeeStatusEnum,
      nullable: true,
      description: 'Amelia `status`; null when Amelia sent none or a value other than visible or hidden.',
      resolve: (e) => e.status,
    }),
    timeZone: t.field({
      type: 'TimeZone',
      nullable: true,
      description: "Amelia `timeZone` (IANA); null: the WordPress site's zone applies (also when Amelia's value is not a valid zone).",
      resolve: (e) => e.timeZone,
    }),
    defaultLocationId: t.id({
      resolve: async (e, _args, ctx) => (await whole(e, ctx)).locationId,
      nullable: true,
      description:
        "Amelia `locationId`: the default location; null when none is set. Read from the whole record when a list gave only Amelia's summary.",
    }),
    wordpressUserId: t.exposeInt('wordpressUserId', {
      nullable: true,
      description: 'Amelia `externalId`: the linked WordPress user; null when not linked.',
    }),
    zoomUserId: t.string({
      resolve: async (e, _args, ctx) => (await whole(e, ctx)).zoomUserId,
      nullable: true,
      description: "Amelia `zoomUserId`; null when unset. Read from the whole record when a list gave only Amelia's summary.",
    }),
    note: t.string({
      resolve: async (e, _args, ctx) => (await whole(e, ctx)).note,
      nullable: true,
      authScopes: { 'pii:read': true },
      description:
        "Amelia `note` (internal); null when empty. Read from the whole record when a list gave only Amelia's summary. Needs the `pii:read` scope.",
    }),
    description: t.string({
      resolve: async (e, _args, ctx) => (await whole(e, ctx)).description,
      nullable: true,
      description: "Amelia `description`; null when empty. Read from the whole record when a list gave only Amelia's summary.",
    }),
    descriptionHtml: t.string({
      resolve: async (e, _args, ctx) => (await whole(e, ctx)).descriptionHtml,
      nullable: true,
      description:
        "Amelia `descriptionHtml`: the description in HTML; null when empty. Read from the whole record when a list gave only Amelia's summary.",
    }),
    pictureFullPath: t.string({
      resolve: async (e, _args, ctx) => (await whole(e, ctx)).pictureFullPath,
      nullable: true,
      description:
        "Amelia `pictureFullPath`: the profile picture; null when unset. Read from the whole record when a list gave only Amelia's summary.",
    }),
    pictureThumbPath: t.string({
      resolve: async (e, _args, ctx) => (await whole(e, ctx)).pictureThumbPath,
      nullable: true,
      description:
        "Amelia `pictureThumbPath`: its thumbnail; null when unset. Read from the whole record when a list gave only Amelia's summary.",
    }),
    activity: t.exposeString('activity', {
      nullable: true,
      description:
        'Amelia `activity` (e.g. available, away, break, dayoff). Amelia sends it only in its employee list: null for an employee read by id (`employee`, `node`, mutation answers).',
    }),
    services: t.field({
      type: [EmployeeServiceRef],
      nullable: true,
      description: `Amelia \`serviceList\`: the services the employee provides; empty when none, and also when Amelia did not send the list (\`notBookableReasons\` tells the two apart). Read from the whole record when a list sent a summary.${UNREAD}`,
      resolve: async (e, _a, ctx) => (await whole(e, ctx)).services ?? [],
    }),
    weeklySchedule: t.field({
      type: [WorkDayRef],
      nullable: true,
      description: `Amelia \`weekDayList\`: working hours per weekday; empty when none are set, and also when Amelia did not send the list (\`notBookableReasons\` tells the two apart).${UNREAD}`,
      resolve: async (e, _a, ctx) => (await whole(e, ctx)).weeklySchedule ?? [],
    }),
    specialDays: t.field({
      type: [SpecialDayRef],
      nullable: true,
      description: `Amelia \`specialDayList\`: date ranges with other working hours; empty when none.${UNREAD}`,
      resolve: async (e, _a, ctx) => (await whole(e, ctx)).specialDays ?? [],
    }),
    daysOff: t.field({
      type: [DayOffRef],
      nullable: true,
      description: `Amelia \`dayOffList\`; empty when none.${UNREAD}`,
      resolve: async (e, _a, ctx) => (await whole(e, ctx)).daysOff ?? [],
    }),
    bookable: t.boolean({
      nullable: true,
      description: `Whether Amelia shows the employee on the booking form: visible, with services and working hours (see notBookableReasons). False too when Amelia did not report one of those: the gateway does not guess.${UNREAD}`,
      resolve: async (e, _a, ctx) => notBookableReasons(await whole(e, ctx)).length === 0,
    }),
    notBookableReasons: t.stringList({
      nullable: true,
      description: `Why the employee is not (or not known to be) on the booking form, one sentence each, saying when Amelia did not report a list or the status; empty when bookable.${UNREAD}`,
      resolve: async (e, _a, ctx) => notBookableReasons(await whole(e, ctx)),
    }),
    deletionCheck: t.field({
      type: DeletionCheckRef,
      nullable: true,
      description:
        "Amelia's own check: an employee with appointments ahead cannot be deleted. null (with a SOURCE_UNAVAILABLE error) when the check could not be made.",
      resolve: (e, _a, ctx) => ctx.loaders.employees.deletionCheck.load(e.sourceId),
    }),
    sourceRecord: t.field(
      rawVendorData(
        "Amelia's whole provider record, untouched (read by id when a list sent only a summary).",
        async (e: Employee, _a, ctx) => (await whole(e, ctx)).sourceRecord,
      ),
    ),
  }),
});

builder.queryFields((t) => ({
  employee: t.field({
    type: EmployeeRef,
    nullable: true,
    authScopes: { 'employees:read': true },
    description: 'One employee by global id. Unknown: NOT_FOUND; malformed: BAD_USER_INPUT.',
    args: { id: t.arg.id({ required: true, description: "The employee's global id (Employee.id)." }) },
    resolve: (_root, { id }, ctx) => {
      const globalId = String(id);
      const { typename, id: localId } = decodeGlobalId(globalId);
      if (typename !== 'Employee') throw badUserInput(`"${globalId.slice(0, 80)}" is not an employee id`, 'id');
      return loadEmployee(globalId, localId, ctx);
    },
  }),
  employees: t.field({
    type: EmployeeConnection,
    nullable: true,
    authScopes: { 'employees:read': true },
    description:
      "Amelia's employees in Amelia's order. Filters are checked against each record, never taken on trust. null (with a SOURCE_UNAVAILABLE error) when Amelia cannot be read.",
    args: {
      first: t.arg.int({
        defaultValue: 20,
        description: "How many employees, at most the gateway's `MAX_PAGE_SIZE` (100 unless configured).",
        validate: pageSizeArgument,
      }),
      after: t.arg.string({
        description: 'A cursor from this connection (`pageInfo.endCursor`), with the same filter: continue after it.',
      }),
      filter: t.arg({ type: EmployeeFilterInput, description: 'Which employees; all of them when left out.' }),
    },
    resolve: (_root, args, ctx, info) =>
      ctx.loaders.employees.connection(
        { first: args.first ?? 20, after: args.after ?? null, filter: args.filter ?? null },
        selects(info, 'totalCount'),
      ),
  }),
}));
