// Views a sandbox vendor derives from its records (a filtered or sorted list), kept until the records
// change: paging through 100,000 customers then costs a page per request, not a sort of them all.

export class DerivedViews<View> {
  private readonly views = new Map<string, View>();
  private readonly limit: number;

  /** `limit`: the most views kept; the oldest goes first. */
  constructor(limit = 16) {
    this.limit = limit;
  }

  /** The view named `key`, built when it is not kept. */
  get(key: string, build: () => View): View {
    const kept = this.views.get(key);
    if (kept !== undefined) return kept;
    const view = build();
    if (this.views.size >= this.limit) {
      const oldest = this.views.keys().next();
      if (!oldest.done) this.views.delete(oldest.value);
    }
    this.views.set(key, view);
    return view;
  }

  /** The records changed: every view is built again when next asked for. */
  clear(): void {
    this.views.clear();
  }
}
