// Search customers across every source, and open one: its record, the same person elsewhere, and
// (for a PLATFORM customer) its custom fields, which load on their own.
import { CustomerByIdDocument, CustomersPageDocument } from '../../../schema/generated/graphql.ts';
import { answer, fieldError, request } from './api.ts';
import { customFieldsSection } from './custom-fields.ts';
import { $, element } from './dom.ts';
import { fill } from './load.ts';

export function searchCustomers(search: string): Promise<void> {
  return fill($('#results'), 'Searching…', async () => {
    const data = await request(CustomersPageDocument, { first: 20, filter: search ? { search } : null });
    return [
      element('p', { className: 'status', dataset: { testid: 'search-status' } }, `${data.customers.totalCount} customers`),
      element(
        'ul',
        {},
        ...data.customers.edges.map(({ node }) =>
          element(
            'li',
            {},
            element(
              'button',
              { type: 'button', onclick: () => void openCustomer(node.id), dataset: { testid: 'result' } },
              node.displayName ?? node.email ?? node.id,
              element('span', { className: 'source' }, node.source),
            ),
          ),
        ),
      ),
    ];
  });
}

export function openCustomer(id: string): Promise<void> {
  return fill($('#customer'), 'Loading…', async () => {
    const { data, errors } = await answer(CustomerByIdDocument, { id });
    const customer = data.customer;
    if (!customer) {
      const error = fieldError(errors, ['customer']);
      if (error) throw error;
      return ['Not found'];
    }
    const sameAs = customer.sameAs.length
      ? element(
          'ul',
          { dataset: { testid: 'same-as' } },
          ...customer.sameAs.map((other) =>
            element('li', {}, `${other.displayName ?? other.email} `, element('span', { className: 'source' }, other.source)),
          ),
        )
      : element('p', { dataset: { testid: 'same-as' } }, 'Nowhere else.');
    return [
      element('h2', { dataset: { testid: 'customer-name' } }, customer.displayName ?? customer.id),
      element(
        'p',
        {},
        element('span', { className: 'source' }, customer.source),
        ` ${customer.email ?? 'no email'} · ${customer.phone ?? 'no phone'}`,
      ),
      element('h3', {}, 'The same person elsewhere'),
      sameAs,
      ...(customer.source === 'PLATFORM' ? [customFieldsSection(id)] : []),
    ];
  });
}
