// What the Amelia sandbox's provider writes accept (amelia-employees.txt bodies), and how a body
// changes a stored provider: only the properties sent; a list sent replaces the stored one.
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { type AmeliaStoredPeriod, type AmeliaStoredProvider, NO_CUSTOM_PRICING } from './provider-record.ts';

const wallTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/);
const positiveId = z.number().int().positive();
const text = z.string().nullable();

const periodInput = z.object({
  startTime: wallTime,
  endTime: wallTime,
  locationId: positiveId.nullable().optional(),
  periodLocationList: z.array(z.object({ id: positiveId.nullable().optional(), locationId: positiveId })).optional(),
  periodServiceList: z.array(z.object({ id: positiveId.nullable().optional(), serviceId: positiveId })).optional(),
});
export type PeriodInput = z.output<typeof periodInput>;

export const providerInput = z
  .object({
    status: z.enum(['visible', 'hidden']),
    firstName: z.string().trim().min(1),
    lastName: z.string().trim().min(1),
    email: z.email(),
    externalId: z.union([positiveId, z.literal('')]).nullable(),
    locationId: positiveId.nullable(),
    phone: text,
    countryPhoneIso: text,
    zoomUserId: text,
    note: text,
    description: text,
    pictureFullPath: text,
    pictureThumbPath: text,
    serviceList: z.array(
      z.object({
        id: positiveId,
        price: z.number().min(0),
        minCapacity: z.number().int().min(1),
        maxCapacity: z.number().int().min(1),
        customPricing: z.string().nullable().optional(),
      }),
    ),
    weekDayList: z.array(
      z.object({
        dayIndex: z.number().int().min(1).max(7),
        startTime: wallTime,
        endTime: wallTime,
        timeOutList: z.array(z.object({ startTime: wallTime, endTime: wallTime })).optional(),
        periodList: z.array(periodInput).optional(),
      }),
    ),
    specialDayList: z.array(z.object({ startDate: z.iso.date(), endDate: z.iso.date(), periodList: z.array(periodInput) })),
    dayOffList: z.array(
      z.object({
        name: z.string().trim().min(1),
        startDate: z.iso.date(),
        endDate: z.iso.date(),
        repeat: z.union([z.literal(0), z.literal(1)]),
      }),
    ),
    sendEmployeePanelAccessEmail: z.boolean(),
    descriptionHtml: text,
    timeZone: z.union([z.literal(''), z.string().refine((zone) => IANAZone.isValidZone(zone))]).nullable(),
  })
  .partial();
export type ProviderInput = z.output<typeof providerInput>;

const storedPeriod = (input: PeriodInput): AmeliaStoredPeriod => ({
  startTime: input.startTime,
  endTime: input.endTime,
  locationId: input.locationId ?? null,
  locationIds: (input.periodLocationList ?? []).map((item) => item.locationId),
  serviceIds: (input.periodServiceList ?? []).map((item) => item.serviceId),
});

const orNull = (value: string | null): string | null => (value === null || value === '' ? null : value);

/** A provider as Amelia creates one before the body's properties are applied. */
export function newProvider(id: number): AmeliaStoredProvider {
  return {
    id,
    status: 'visible',
    firstName: '',
    lastName: '',
    email: '',
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
  };
}

/** Only the properties sent change; a list sent replaces the stored one. */
export function applyProviderInput(provider: AmeliaStoredProvider, input: ProviderInput): void {
  if (input.status !== undefined) provider.status = input.status;
  if (input.firstName !== undefined) provider.firstName = input.firstName;
  if (input.lastName !== undefined) provider.lastName = input.lastName;
  if (input.email !== undefined) provider.email = input.email.trim();
  if (input.externalId !== undefined) provider.externalId = input.externalId === '' ? null : input.externalId;
  if (input.locationId !== undefined) provider.locationId = input.locationId;
  if (input.phone !== undefined) provider.phone = input.phone ?? '';
  if (input.countryPhoneIso !== undefined) provider.countryPhoneIso = orNull(input.countryPhoneIso);
  if (input.zoomUserId !== undefined) provider.zoomUserId = orNull(input.zoomUserId);
  if (input.note !== undefined) provider.note = orNull(input.note);
  if (input.description !== undefined) provider.description = orNull(input.description);
  if (input.descriptionHtml !== undefined) provider.descriptionHtml = orNull(input.descriptionHtml);
  if (input.pictureFullPath !== undefined) provider.pictureFullPath = orNull(input.pictureFullPath);
  if (input.pictureThumbPath !== undefined) provider.pictureThumbPath = orNull(input.pictureThumbPath);
  if (input.timeZone !== undefined) provider.timeZone = orNull(input.timeZone);
  if (input.serviceList !== undefined) {
    provider.services = input.serviceList.map((item) => ({
      serviceId: item.id,
      price: item.price,
      minCapacity: item.minCapacity,
      maxCapacity: item.maxCapacity,
      customPricing: item.customPricing ?? NO_CUSTOM_PRICING,
    }));
  }
  if (input.weekDayList !== undefined) {
    provider.weekDays = input.weekDayList.map((day) => ({
      dayIndex: day.dayIndex,
      startTime: day.startTime,
      endTime: day.endTime,
      timeOuts: (day.timeOutList ?? []).map((timeOut) => ({ startTime: timeOut.startTime, endTime: timeOut.endTime })),
      periods: (day.periodList ?? []).map(storedPeriod),
    }));
  }
  if (input.specialDayList !== undefined) {
    provider.specialDays = input.specialDayList.map((day) => ({
      startDate: day.startDate,
      endDate: day.endDate,
      periods: day.periodList.map(storedPeriod),
    }));
  }
  if (input.dayOffList !== undefined) {
    provider.daysOff = input.dayOffList.map((day) => ({
      name: day.name,
      startDate: day.startDate,
      endDate: day.endDate,
      repeat: day.repeat,
    }));
  }
}
