// The baseline's answer to scenario (d) of bench/scenarios.ts: employees with their weekly schedules.
import { globalId, joined } from './customer.ts';
import type { AmeliaList, AmeliaProviderRecord, AmeliaSingle } from './payloads.ts';
import { ameliaUrl, getJson } from './vendor-calls.ts';

const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

function schedule(record: AmeliaProviderRecord): unknown[] {
  return (record.weekDayList ?? []).map((day) => ({
    day: WEEKDAYS[day.dayIndex - 1] ?? null,
    start: day.startTime,
    end: day.endTime,
    breaks: (day.timeOutList ?? []).map((range) => ({ start: range.startTime, end: range.endTime })),
    periods: (day.periodList ?? []).map((period) => ({
      start: period.startTime,
      end: period.endTime,
      locationIds: (period.periodLocationList ?? []).flatMap((item) => {
        const id = item.locationId ?? item.id;
        return id === undefined || id === null ? [] : [String(id)];
      }),
      serviceIds: (period.periodServiceList ?? []).flatMap((item) => {
        const id = item.serviceId ?? item.id;
        return id === undefined || id === null ? [] : [String(id)];
      }),
    })),
  }));
}

/** (d): the list for ids (later pages once the first tells how many), each whole record for its schedule. */
export async function employees(first: number): Promise<unknown> {
  const listPage = async (page: number) =>
    (await getJson<AmeliaList<AmeliaProviderRecord>>('AMELIA', ameliaUrl('/users/providers', `&page=${page}`))).data;
  const whole = async (summary: AmeliaProviderRecord) =>
    (await getJson<AmeliaSingle<AmeliaProviderRecord>>('AMELIA', ameliaUrl(`/users/providers/${summary.id}`))).data.user;
  const page1 = await listPage(1);
  const size = Math.max(1, page1.users.length);
  const filtered = page1.countFiltered ?? page1.users.length;
  const pagesNeeded = Math.min(Math.ceil(Math.min(filtered, first + 1) / size), 100);
  const wanted = (users: AmeliaProviderRecord[], before: number) => users.slice(0, Math.max(0, first - before));
  const firstRecords = Promise.all(wanted(page1.users, 0).map(whole));
  const later = Promise.all(
    Array.from({ length: Math.max(0, pagesNeeded - 1) }, async (_, index) => {
      const page = await listPage(index + 2);
      const records = Promise.all(wanted(page.users, size * (index + 1)).map(whole));
      records.catch(() => undefined);
      return { users: page.users, records };
    }),
  );
  later.catch(() => undefined);
  const records = [...(await firstRecords)];
  for (const page of await later) records.push(...(await page.records));
  return {
    data: {
      employees: {
        totalCount: page1.countTotal ?? filtered,
        edges: records.slice(0, first).map((record) => ({
          node: {
            id: globalId('Employee', `AMELIA:${record.id}`),
            sourceId: String(record.id),
            displayName: joined(record.firstName, record.lastName),
            weeklySchedule: schedule(record),
          },
        })),
      },
    },
  };
}
