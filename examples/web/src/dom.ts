// The few DOM helpers every view uses.

export const $ = <E extends HTMLElement>(selector: string) => document.querySelector(selector) as E;

/** A DOM element with properties (`dataset` merged in) and children. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, unknown> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const { dataset, ...rest } = props as { dataset?: Record<string, string> };
  Object.assign(node, rest);
  if (dataset) Object.assign(node.dataset, dataset);
  node.append(...children);
  return node;
}

/** A table with a header row of column headers (`<th scope="col">`) above its rows. */
export function table(columns: string[], rows: HTMLTableRowElement[], props: Record<string, unknown> = {}): HTMLTableElement {
  const head = element('tr', {}, ...columns.map((column) => element('th', { scope: 'col' }, column)));
  return element('table', props, element('thead', {}, head), element('tbody', {}, ...rows));
}
