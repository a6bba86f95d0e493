// Search customers across every source — the list then follows the changes the gateway hears
// (live-list.ts) — and open one: its record, the same person elsewhere, a form for its name (where its
// source takes writes) and (for a PLATFORM customer) its custom fields, which load on their own.
import { CustomerByIdDocument, type CustomerSummaryFragment, CustomersPageDocument } from '../../../schema/generated/graphql.ts';
import { answer, fieldError, request } from './api.ts';
import { customFieldsSection } from './custom-fields.ts';
import { nameForm } from './customer-name.ts';
import { $, element } from './dom.ts';
import { followChanges, stopFollowing } from './live-list.ts';
import { fill } from './load.ts';

export function searchCustomers(search: string): Promise<void> {
  stopFollowing();
  return fill($('#results'), 'Searching…', async () => {
    const data = await request(CustomersPageDocument, { first: 20, filter: search ? { search } : null });
    let total = data.customers.totalCount ?? data.customers.edges.length;
    const status = element('p', { className: 'status', dataset: { testid: 'search-status' } }, `${total} customers`);
    const list = element('ul', { dataset: { testid: 'result-list' } }, ...data.customers.edges.map(({ node }) => customerRow(node)));
    const live = followChanges({
      list,
      search,
      row: customerRow,
      counted(change) {
        total += change;
        status.textContent = `${total} customers`;
      },
      reload: () => void searchCustomers(search),
    });
    return [element('div', { className: 'list-head' }, status, live), list];
  });
}

function customerRow(customer: CustomerSummaryFragment): HTMLLIElement {
  return element(
    'li',
    { dataset: { customerId: customer.id } },
    element(
      'button',
      { type: 'button', onclick: () => void openCustomer(customer.id), dataset: { testid: 'result' } },
      customer.displayName ?? customer.email ?? customer.id,
      element('span', { className: 'source' }, customer.source),
    ),
  );
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
      // KB Support's customers are read only.
      ...(customer.source === 'KB_SUPPORT' ? [] : [nameForm(customer, () => void openCustomer(id))]),
      ...(customer.source === 'PLATFORM' ? [customFieldsSection(id)] : []),
    ];
  });
}
