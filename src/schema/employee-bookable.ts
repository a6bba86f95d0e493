// Whether an employee is on Amelia's booking form (amelia-employees.txt: visible, with serviceList and
// weekDayList). What Amelia did not report is said to be unknown, never taken as empty.
import type { Employee } from '../sources/model/index.ts';

export function notBookableReasons(employee: Employee): string[] {
  const reasons: string[] = [];
  if (employee.status === 'HIDDEN') reasons.push('The employee is hidden.');
  if (employee.status === null) reasons.push('Amelia did not report the employee as visible or hidden (status).');
  if (employee.services === null) reasons.push("Amelia did not report the employee's services (serviceList).");
  else if (employee.services.length === 0) reasons.push('No services are assigned (serviceList).');
  if (employee.weeklySchedule === null) reasons.push("Amelia did not report the employee's working hours (weekDayList).");
  else if (employee.weeklySchedule.length === 0) reasons.push('No working hours are set (weekDayList).');
  return reasons;
}
