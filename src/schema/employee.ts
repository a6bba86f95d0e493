import { responsePathAsArray } from 'graphql';
import { z } from 'zod';
import type { GatewayContext } from '../context.ts';
import { badUserInput, notFound, reportPartialFailures } from '../errors.ts';
import { cursorScope } from '../loaders/cursor.ts';
import { pageAcrossSources } from '../loaders/paging.ts';
import { EmailAlreadyInUseError, ValidationError } from '../sources/errors.ts';
import { isSourceId } from '../sources/ids.ts';
import { normalizeEmail } from '../sources/normalize.ts';
import type {
  DayOff,
  Employee,
  EmployeeListFilter,
  EmployeeService,
  EmployeeWriteResult,
  SpecialDay,
  TimeRange,
  WorkDay,
  WorkPeriod,
} from '../sources/model.ts';
import { createEmployee, deleteEmployee, updateEmployee } from '../writes/employee-writes.ts';
import { builder } from './builder.ts';
import { connectionOf } from './connection.ts';
import { ContactPhoneRef } from './contact.ts';
import { DeletionCheckRef, DeletedRecordRef } from './deletion.ts';
import { CreateEmployeeInput, UpdateEmployeeInput, toEmployeeDraft } from './employee-inputs.ts';
import { EmployeeStatusEnum, WeekdayEnum } from './enums.ts';
import { CREATE_ERRORS, DELETE_ERRORS, UPDATE_ERRORS } from './errors.ts';
import { decodeGlobalId } from './global-id.ts';
import { writeRequest } from './idempotency-key.ts';
import { dropStaleAnswers, employeeEntity } from './stale-answers.ts';
import { clientMutationId } from './customer-inputs.ts';

const EmployeeRef = builder.objectRef<Employee>('Employee');

/** `AMELIA:88` → the Amelia provider id; anything else is the client's mistake. */
function parseEmployeeLocalId(localId: string, globalId: string): string {
  const [source, id, ...rest] = localId.split(':');
  if (source !== 'AMELIA' || !id || rest.length > 0 || !isSourceId('AMELIA', id)) {
    throw badUserInput(`"${globalId.slice(0, 80)}" is not a valid employee id`, 'id');
  }
  return id;
}

export async function loadEmployee(globalId: string, localId: string, ctx: GatewayContext): Promise<Employee> {
  const employee = await ctx.loaders.employee.load(parseEmployeeLocalId(localId, globalId));
  if (!employee) throw notFound(`No employee with id "${globalId}"`);
  return employee;
}

/** The employee with its lists: a list answer carries a summary, the single route the whole record. */
async function whole(employee: Employee, ctx: GatewayContext): Promise<Employee> {
  if (employee.services && employee.weeklySchedule && employee.specialDays && employee.daysOff) return employee;
  return (await ctx.loaders.employee.load(employee.sourceId)) ?? employee;
}

function notBookableReasons(employee: Employee): string[] {
  const reasons: string[] = [];
  if (employee.status === 'HIDDEN') reasons.push('The employee is hidden.');
  if ((employee.services ?? []).length === 0) reasons.push('No services are assigned (serviceList).');
  if ((employee.weeklySchedule ?? []).length === 0) reasons.push('No working hours are set (weekDayList).');
  return reasons;
}

const TimeRangeRef = builder.objectRef<TimeRange>('TimeRange').implement({
  fields: (t) => ({
    start: t.field({ type: 'LocalTime', resolve: (range) => range.start }),
    end: t.field({ type: 'LocalTime', resolve: (range) => range.end }),
  }),
});

const WorkPeriodRef = builder.objectRef<WorkPeriod>('WorkPeriod').implement({
  description: 'A stretch of a working day, optionally limited to some locations and services.',
  fields: (t) => ({
    start: t.field({ type: 'LocalTime', resolve: (period) => period.start }),
    end: t.field({ type: 'LocalTime', resolve: (period) => period.end }),
    locationId: t.exposeID('locationId', { nullable: true, description: 'The period\'s own location.' }),
    locationIds: t.exposeIDList('locationIds', { description: '`periodLocationList`: bookable at these locations only (empty: all).' }),
    serviceIds: t.exposeIDList('serviceIds', { description: '`periodServiceList`: bookable for these services only (empty: all).' }),
  }),
});

const WorkDayRef = builder.objectRef<WorkDay>('WorkDay').implement({
  description: 'Working hours on one weekday, in the employee\'s time zone.',
  fields: (t) => ({
    day: t.field({ type: WeekdayEnum, resolve: (day) => day.day }),
    start: t.field({ type: 'LocalTime', resolve: (day) => day.start }),
    end: t.field({ type: 'LocalTime', resolve: (day) => day.end }),
    breaks: t.field({ type: [TimeRangeRef], description: '`timeOutList`.', resolve: (day) => day.breaks }),
    periods: t.field({ type: [WorkPeriodRef], resolve: (day) => day.periods }),
  }),
});

const SpecialDayRef = builder.objectRef<SpecialDay>('SpecialDay').implement({
  description: 'Different working hours on a date range (inclusive).',
  fields: (t) => ({
    startDate: t.field({ type: 'LocalDate', resolve: (day) => day.startDate }),
    endDate: t.field({ type: 'LocalDate', resolve: (day) => day.endDate }),
    periods: t.field({ type: [WorkPeriodRef], resolve: (day) => day.periods }),
  }),
});

const DayOffRef = builder.objectRef<DayOff>('DayOff').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    startDate: t.field({ type: 'LocalDate', resolve: (day) => day.startDate }),
    endDate: t.field({ type: 'LocalDate', resolve: (day) => day.endDate }),
    repeatsYearly: t.exposeBoolean('repeatsYearly', { description: '`repeat: 1`: the same dates every year.' }),
  }),
});

const CustomPricingRef = builder.objectRef<NonNullable<EmployeeService['customPricing']>>('CustomPricing').implement({
  fields: (t) => ({
    enabled: t.exposeBoolean('enabled'),
    durations: t.field({ type: 'JSON', description: 'Price per duration, as Amelia keeps it.', resolve: (pricing) => pricing.durations }),
  }),
});

const EmployeeServiceRef = builder.objectRef<EmployeeService>('EmployeeService').implement({
  description: 'A service the employee provides, with the employee\'s own price and capacity.',
  fields: (t) => ({
    serviceId: t.exposeID('serviceId'),
    price: t.exposeFloat('price'),
    minCapacity: t.exposeInt('minCapacity'),
    maxCapacity: t.exposeInt('maxCapacity'),
    customPricing: t.field({
      type: CustomPricingRef,
      nullable: true,
      description: 'Parsed from the JSON string Amelia sends; null when it sent none or it could not be read.',
      resolve: (service) => service.customPricing,
    }),
    customPricingRaw: t.field({ type: 'JSON', description: '`customPricing` exactly as sent.', resolve: (service) => service.customPricingRaw }),
  }),
});

builder.node(EmployeeRef, {
  authScopes: { 'employees:read': true },
  runScopesOnType: true,
  description: 'An Amelia employee (provider): who can be booked, for what, and when.',
  id: { resolve: (employee) => `AMELIA:${employee.sourceId}` },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'weeklySchedule' in value,
  fields: (t) => ({
    sourceId: t.exposeString('sourceId', { description: 'Amelia\'s provider id.' }),
    firstName: t.exposeString('firstName', { nullable: true }),
    lastName: t.exposeString('lastName', { nullable: true }),
    displayName: t.string({ nullable: true, resolve: (e) => [e.firstName, e.lastName].filter(Boolean).join(' ') || null }),
    email: t.field({ type: 'EmailAddress', nullable: true, resolve: (e) => e.email }),
    phone: t.field({ type: ContactPhoneRef, nullable: true, authScopes: { 'pii:read': true }, description: 'With `countryPhoneIso` as its country.', resolve: (e) => e.phone }),
    countryPhoneIso: t.exposeString('countryPhoneIso', { nullable: true }),
    status: t.field({ type: EmployeeStatusEnum, nullable: true, resolve: (e) => e.status }),
    timeZone: t.field({ type: 'TimeZone', nullable: true, description: 'null: the WordPress site\'s zone.', resolve: (e) => e.timeZone }),
    defaultLocationId: t.exposeID('locationId', { nullable: true }),
    wordpressUserId: t.exposeInt('wordpressUserId', { nullable: true, description: '`externalId`.' }),
    zoomUserId: t.exposeString('zoomUserId', { nullable: true }),
    note: t.exposeString('note', { nullable: true, authScopes: { 'pii:read': true }, }),
    description: t.exposeString('description', { nullable: true }),
    descriptionHtml: t.exposeString('descriptionHtml', { nullable: true }),
    pictureFullPath: t.exposeString('pictureFullPath', { nullable: true }),
    pictureThumbPath: t.exposeString('pictureThumbPath', { nullable: true }),
    activity: t.exposeString('activity', { nullable: true, description: 'e.g. available, away, break, dayoff (sent in the list).' }),
    services: t.field({ type: [EmployeeServiceRef], resolve: async (e, _a, ctx) => (await whole(e, ctx)).services ?? [] }),
    weeklySchedule: t.field({ type: [WorkDayRef], resolve: async (e, _a, ctx) => (await whole(e, ctx)).weeklySchedule ?? [] }),
    specialDays: t.field({ type: [SpecialDayRef], resolve: async (e, _a, ctx) => (await whole(e, ctx)).specialDays ?? [] }),
    daysOff: t.field({ type: [DayOffRef], resolve: async (e, _a, ctx) => (await whole(e, ctx)).daysOff ?? [] }),
    bookable: t.boolean({
      description: 'Shown on the booking form: visible, with services and working hours (amelia-employees.txt).',
      resolve: async (e, _a, ctx) => notBookableReasons(await whole(e, ctx)).length === 0,
    }),
    notBookableReasons: t.stringList({ resolve: async (e, _a, ctx) => notBookableReasons(await whole(e, ctx)) }),
    deletionCheck: t.field({
      type: DeletionCheckRef,
      description: 'Amelia\'s own check: an employee with appointments ahead cannot be deleted.',
      resolve: (e, _a, ctx) => ctx.loaders.employeeDeletionCheck.load(e.sourceId),
    }),
    sourceRecord: t.field({ type: 'JSON', authScopes: { 'pii:read': true }, description: 'Amelia\'s whole provider record, untouched.', resolve: async (e, _a, ctx) => (await whole(e, ctx)).sourceRecord }),
  }),
});

const EmployeeFilterInput = builder.inputType('EmployeeFilter', {
  fields: (t) => ({
    search: t.string({
      description: 'Amelia\'s search: first name, last name, email and note.',
      validate: z.string().trim().max(200, 'must be at most 200 characters'),
    }),
    serviceIds: t.idList({ description: 'Employees who provide any of these services.' }),
    locationIds: t.idList({ description: 'Employees who work at any of these locations (default or in a period).' }),
    status: t.field({ type: EmployeeStatusEnum }),
  }),
});

const EmployeeConnection = builder.connectionObject({ type: EmployeeRef, name: 'EmployeeConnection' });

function employeeFilter(filter: { search?: string | null; serviceIds?: (string | number)[] | null; locationIds?: (string | number)[] | null; status?: Employee['status'] } | null | undefined): EmployeeListFilter {
  const ids = (field: string, list: (string | number)[] | null | undefined) => {
    const values = (list ?? []).map(String);
    const bad = values.find((id) => !isSourceId('AMELIA', id));
    if (bad !== undefined) throw badUserInput(`filter.${field}: "${bad.slice(0, 40)}" is not an Amelia id`, `filter.${field}`);
    return values.length > 0 ? { [field]: values } : {};
  };
  const search = filter?.search?.trim();
  return {
    ...(search ? { search } : {}),
    ...ids('serviceIds', filter?.serviceIds),
    ...ids('locationIds', filter?.locationIds),
    ...(filter?.status ? { status: filter.status } : {}),
  };
}

builder.queryFields((t) => ({
  employee: t.field({
    type: EmployeeRef,
    nullable: true,
    authScopes: { 'employees:read': true },
    description: 'One employee by global id. Unknown: NOT_FOUND; malformed: BAD_USER_INPUT.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => {
      const globalId = String(id);
      const { typename, id: localId } = decodeGlobalId(globalId);
      if (typename !== 'Employee') throw badUserInput(`"${globalId.slice(0, 80)}" is not an employee id`, 'id');
      return loadEmployee(globalId, localId, ctx);
    },
  }),
  employees: t.field({
    type: EmployeeConnection,
    authScopes: { 'employees:read': true },
    description: 'Amelia\'s employees in Amelia\'s order. Filters are checked against each record, never taken on trust.',
    args: {
      first: t.arg.int({ defaultValue: 20, validate: z.number().int().min(0, 'must not be negative').max(100, 'must be at most 100') }),
      after: t.arg.string(),
      filter: t.arg({ type: EmployeeFilterInput }),
    },
    resolve: async (_root, args, ctx, info) => {
      const filter = employeeFilter(args.filter);
      const path = responsePathAsArray(info.path);
      const paged = await pageAcrossSources(
        { sources: ['AMELIA'], scope: cursorScope({ employees: JSON.stringify(filter) }), first: args.first ?? 20, after: args.after ?? null },
        async (_source, token, sizeHint) => {
          const page = await ctx.loaders.employeePage({ filter, token, sizeHint });
          return { items: page.employees, next: page.next };
        },
      );
      reportPartialFailures(ctx.partialErrors, paged.failures, path);
      return connectionOf(paged, () => ctx.loaders.employeeCount(filter));
    },
  }),
}));

/** The employee a mutation's `id` names; a malformed id is a ValidationError result. */
function employeeIdArgument(id: string): string {
  try {
    const { typename, id: localId } = decodeGlobalId(id);
    if (typename !== 'Employee') throw new Error('not an employee');
    return parseEmployeeLocalId(localId, id);
  } catch {
    throw new ValidationError('id', `"${id.slice(0, 80)}" is not an employee id this API handed out`);
  }
}

builder.objectField(EmailAlreadyInUseError, 'existingEmployee', (t) =>
  t.field({
    type: EmployeeRef,
    nullable: true,
    description: 'The employee that has the email (when an employee write was refused).',
    resolve: async (error, _args, ctx) => {
      if (error.record !== 'employee') return null;
      const email = normalizeEmail(error.email);
      const page = await ctx.loaders.employeePage({ filter: { search: email }, token: null, sizeHint: 100 });
      return page.employees.find((employee) => employee.email !== null && normalizeEmail(employee.email) === email) ?? null;
    },
  }),
);

const EmployeeWrittenRef = builder.objectRef<EmployeeWriteResult>('EmployeeWritten').implement({
  fields: (t) => ({
    employee: t.field({ type: EmployeeRef, description: 'As Amelia now has it.', resolve: (result) => result.employee }),
    panelAccessEmailSent: t.exposeBoolean('panelAccessEmailSent', {
      nullable: true,
      description: 'Amelia\'s `sendEmployeePanelAccessEmail` answer (create only).',
    }),
  }),
});

builder.mutationFields((t) => ({
  createEmployee: t.field({
    type: EmployeeWrittenRef,
    authScopes: { 'employees:write': true },
    description: 'Creates an Amelia employee. Give services and a weekly schedule to make them bookable.',
    args: { input: t.arg({ type: CreateEmployeeInput, required: true }) },
    errors: { types: CREATE_ERRORS, union: { name: 'CreateEmployeeResult' }, result: { name: 'CreateEmployeeSuccess' }, dataField: { name: 'result' } },
    resolve: async (_root, { input }, ctx, info) => {
      const { clientMutationId: key, ...fields } = input;
      const written = await createEmployee(ctx, toEmployeeDraft(fields, 'create'), writeRequest(ctx, info, fields, key));
      await dropStaleAnswers(ctx, [{ typename: 'Employee' }]);
      return written;
    },
  }),
  updateEmployee: t.field({
    type: EmployeeWrittenRef,
    authScopes: { 'employees:write': true },
    description: 'Changes the fields given; a list given (services, weeklySchedule, specialDays, daysOff) replaces Amelia\'s, a list left out stays.',
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateEmployeeInput, required: true }) },
    errors: { types: UPDATE_ERRORS, union: { name: 'UpdateEmployeeResult' }, result: { name: 'UpdateEmployeeSuccess' }, dataField: { name: 'result' } },
    resolve: async (_root, { id, input }, ctx, info) => {
      const { clientMutationId: key, ...fields } = input;
      const sourceId = employeeIdArgument(String(id));
      const written = await updateEmployee(ctx, sourceId, toEmployeeDraft(fields, 'update'), writeRequest(ctx, info, { id, ...fields }, key));
      await dropStaleAnswers(ctx, [employeeEntity(sourceId)]);
      return written;
    },
  }),
  deleteEmployee: t.field({
    type: DeletedRecordRef,
    authScopes: { 'employees:write': true },
    description: 'Deletes an employee after Amelia\'s own check (refused while appointments are ahead).',
    args: { id: t.arg.id({ required: true }), clientMutationId: t.arg.string({ validate: clientMutationId }) },
    errors: { types: DELETE_ERRORS, union: { name: 'DeleteEmployeeResult' }, result: { name: 'DeleteEmployeeSuccess' }, dataField: { name: 'deleted' } },
    resolve: async (_root, args, ctx, info) => {
      const id = String(args.id);
      const sourceId = employeeIdArgument(id);
      await deleteEmployee(ctx, sourceId, writeRequest(ctx, info, { id }, args.clientMutationId));
      await dropStaleAnswers(ctx, [{ typename: 'Employee' }]);
      return { id: employeeEntity(sourceId).id, source: 'AMELIA' as const, sourceId };
    },
  }),
}));
