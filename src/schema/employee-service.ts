// A service an employee provides (an entry of Amelia `serviceList`), with the employee's own price,
// capacity and custom pricing.
import type { EmployeeService } from '../sources/model/index.ts';
import { builder } from './builder.ts';
import { CustomPricingRef } from './employee-pricing.ts';

export const EmployeeServiceRef = builder.objectRef<EmployeeService>('EmployeeService').implement({
  description: "A service the employee provides, with the employee's own price and capacity.",
  fields: (t) => ({
    serviceId: t.exposeID('serviceId', { description: "Amelia's service id (`id` in `serviceList`)." }),
    price: t.exposeFloat('price', { description: "Amelia `price`: the employee's price for the service." }),
    minCapacity: t.exposeInt('minCapacity', { description: 'Amelia `minCapacity`: fewest people per booking.' }),
    maxCapacity: t.exposeInt('maxCapacity', { description: 'Amelia `maxCapacity`: most people per booking.' }),
    customPricing: t.field({
      type: CustomPricingRef,
      nullable: true,
      description:
        'Parsed from the JSON string Amelia sends; null when it sent none or it could not be read (not JSON, or a duration that is not whole seconds or has no numeric price).',
      resolve: (service) => service.customPricing,
    }),
    customPricingRaw: t.field({
      type: 'JSON',
      description: '`customPricing` exactly as sent.',
      resolve: (service) => service.customPricingRaw,
    }),
  }),
});
