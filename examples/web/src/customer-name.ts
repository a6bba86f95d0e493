// A customer's name, edited in its own source (updateCustomer changes what the input names and leaves
// the rest). Saved, the customer is shown again as the source now holds it; every list that shows it
// follows on its own (live-list.ts).
import { type CustomerSummaryFragment, UpdateCustomerDocument } from '../../../schema/generated/graphql.ts';
import { request } from './api.ts';
import { element } from './dom.ts';
import { fill } from './load.ts';

export function nameForm(customer: CustomerSummaryFragment, saved: () => void): HTMLElement {
  const firstName = element('input', { name: 'firstName', value: customer.firstName ?? '', dataset: { testid: 'first-name' } });
  const lastName = element('input', { name: 'lastName', value: customer.lastName ?? '', dataset: { testid: 'last-name' } });
  const status = element('div', { className: 'status', dataset: { testid: 'name-status' } });
  const form = element(
    'form',
    { dataset: { testid: 'name-form' } },
    element('label', {}, 'First name', firstName),
    element('label', {}, 'Last name', lastName),
    element('button', { type: 'submit' }, 'Save name'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // A Retry after a failed save sends these very values again, whatever the form holds by then.
    const input = { firstName: firstName.value.trim() || null, lastName: lastName.value.trim() || null };
    void fill(status, 'Saving…', async () => {
      const { updateCustomer: result } = await request(UpdateCustomerDocument, { id: customer.id, input });
      if (result.__typename !== 'UpdateCustomerSuccess') return [element('span', { className: 'error' }, result.message)];
      saved();
      return ['Saved.'];
    });
  });
  return element('section', {}, element('h3', {}, 'Name'), form, status);
}
