// Every part of the page that waits for the gateway goes through `fill`: a note while it waits, then
// what came back — or what went wrong, with a Retry that runs the very same request again. Nothing
// is left rejected: a failure is shown where it happened, not thrown into the console.
import { RequestError } from './api.ts';
import { element } from './dom.ts';

/** The latest run per area: an older answer arriving late does not overwrite a newer one. */
const latestRun = new WeakMap<HTMLElement, number>();

export async function fill(area: HTMLElement, waiting: string, work: () => Promise<Array<Node | string>>): Promise<void> {
  const run = (latestRun.get(area) ?? 0) + 1;
  latestRun.set(area, run);
  area.replaceChildren(element('p', { className: 'status' }, waiting));
  let content: Array<Node | string>;
  try {
    content = await work();
  } catch (error) {
    if (latestRun.get(area) === run) area.replaceChildren(failureNotice(error, () => void fill(area, waiting, work)));
    return;
  }
  if (latestRun.get(area) === run) area.replaceChildren(...content);
}

/** What went wrong, and a Retry button that calls `retry`. */
export function failureNotice(error: unknown, retry: () => void): HTMLElement {
  // A RequestError's message is written for people; anything else is a bug in this page, so it goes to the console too.
  if (!(error instanceof RequestError)) console.error(error);
  return element(
    'div',
    { className: 'failure', role: 'alert', dataset: { testid: 'failure' } },
    element('span', {}, error instanceof RequestError ? error.message : 'Something went wrong in this page.'),
    element('button', { type: 'button', className: 'retry', onclick: retry }, 'Retry'),
  );
}
