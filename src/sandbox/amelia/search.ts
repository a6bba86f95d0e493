// The Amelia sandbox's list search: a term found in the first or last name, the email or the note,
// case- and accent-insensitive (routing.ts's `collate`). What it derives from the customers (their
// collated fields, the customers each term found) is kept until they change: the gateway searches
// for every email it looks up, and 100,000 customers collated again for each search take a tenth of
// a second or more.
import { DerivedViews } from '../derived-views.ts';
import type { AmeliaStoredCustomer } from './data.ts';
import { collate } from './routing.ts';

// Between two fields in a customer's searched text, so that no term is found across two of them.
const BETWEEN_FIELDS = '\u0000';

export class CustomerSearch {
  /** Each customer's searched text, in the order of the list it was made from. */
  private texts: string[] | null = null;
  private readonly found = new DerivedViews<AmeliaStoredCustomer[]>();

  /** The customers `term` finds, in their order; `customers` is the same list until `changed`. */
  matching(customers: readonly AmeliaStoredCustomer[], term: string): AmeliaStoredCustomer[] {
    return this.found.get(term, () => {
      const needle = collate(term);
      this.texts ??= customers.map(searchedText);
      const texts = this.texts;
      return customers.filter((_customer, index) => texts[index]?.includes(needle));
    });
  }

  /** A customer was added, changed or removed. */
  changed(): void {
    this.texts = null;
    this.found.clear();
  }
}

function searchedText(customer: AmeliaStoredCustomer): string {
  const fields = [customer.firstName, customer.lastName, customer.email, customer.note];
  return fields.flatMap((field) => (field === null ? [] : [collate(field)])).join(BETWEEN_FIELDS);
}
