// The customer list follows the changes the gateway hears while it is shown: `customerChanged` over
// Server-Sent Events, filtered by the list's search; each event updates, adds or removes its row. A
// stream that drops is opened again after a pause, resuming right after the last event received
// (`after`: nothing missed, repeats dropped by their id). One list is followed at a time.
import {
  CustomerChangedDocument,
  type CustomerChangedSubscription,
  type CustomerChangedSubscriptionVariables,
  type CustomerSummaryFragment,
} from '../../../schema/generated/graphql.ts';
import { RequestError, subscribe } from './api.ts';
import { element } from './dom.ts';

type ChangeEvent = CustomerChangedSubscription['customerChanged'];

export interface ShownList {
  list: HTMLUListElement;
  search: string;
  row(customer: CustomerSummaryFragment): HTMLLIElement;
  /** A customer was created (1) or one shown was deleted (-1). */
  counted(change: 1 | -1): void;
  /** Reads the list again (and follows it anew): when the stream cannot resume where it was. */
  reload(): void;
}

const FIRST_PAUSE_MS = 1_000;
const LONGEST_PAUSE_MS = 30_000;

let following: AbortController | null = null;

/** Stops following the list shown so far. */
export function stopFollowing(): void {
  following?.abort();
  following = null;
}

/** The list's "live" indicator; the list is followed once it is on the page. */
export function followChanges(shown: ShownList): HTMLElement {
  const indicator = element('span', { className: 'live', dataset: { testid: 'live-status', state: 'connecting' } }, 'Connecting…');
  // The list reaches the page when the work that made it returns (load.ts): only a list that got there is followed.
  setTimeout(() => {
    if (!shown.list.isConnected) return;
    stopFollowing();
    following = new AbortController();
    void follow(shown, indicator, following.signal);
  });
  return indicator;
}

function showState(indicator: HTMLElement, state: 'live' | 'reconnecting' | 'off', text: string): void {
  indicator.dataset.state = state;
  indicator.textContent = text;
}

async function follow(shown: ShownList, indicator: HTMLElement, signal: AbortSignal): Promise<void> {
  const seen = new Set<string>();
  let after: string | null = null;
  let pause = FIRST_PAUSE_MS;
  while (!signal.aborted) {
    try {
      const variables: CustomerChangedSubscriptionVariables = { filter: shown.search ? { search: shown.search } : null, after };
      const opened = () => showState(indicator, 'live', 'Live');
      for await (const { data } of subscribe(CustomerChangedDocument, variables, { signal, opened })) {
        pause = FIRST_PAUSE_MS;
        const event = data.customerChanged;
        after = event.id;
        if (seen.has(event.id)) continue;
        seen.add(event.id);
        if (!shown.list.isConnected) return stopFollowing();
        apply(shown, event);
      }
    } catch (error) {
      if (signal.aborted) return;
      if (error instanceof RequestError && error.failure === 'graphql') {
        // Resuming was refused (an event id older than the change log keeps): the list is read again.
        if (after !== null) return shown.reload();
        return showState(indicator, 'off', `Not live: ${error.message}`);
      }
    }
    if (signal.aborted) return;
    // The connection dropped, or the gateway ended the stream (it is shutting down): open it again.
    showState(indicator, 'reconnecting', 'Reconnecting…');
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
  }
}

/** The event's customer as a row in place of its old one, a new row on top, or its row gone. */
function apply(shown: ShownList, event: ChangeEvent): void {
  const current = [...shown.list.children].find((row) => row instanceof HTMLElement && row.dataset.customerId === event.customerId);
  if (!event.customer) {
    if (current) {
      current.remove();
      shown.counted(-1);
    }
    return;
  }
  const row = shown.row(event.customer);
  if (current) current.replaceWith(row);
  else shown.list.prepend(row);
  // An update of a customer not shown (past the first page, say) was counted already.
  if (!current && event.kind === 'CREATED') shown.counted(1);
}
