// `first` of a connection at most `limits.maxPageSize`. The schema's argument validators are built
// once per process while the limit belongs to the gateway instance: execution runs with its limit
// in scope, and the validator reads it from there.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Plugin } from 'graphql-yoga';
import { z } from 'zod';

export const DEFAULT_MAX_PAGE_SIZE = 100;

const limit = new AsyncLocalStorage<number>();

export function usePageSizeLimit(maxPageSize: number): Plugin {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args) => limit.run(maxPageSize, () => executeFn(args)));
    },
  };
}

/** The validator of a connection's `first`: an integer from 0 to the page size limit of the gateway executing it. */
export const pageSizeArgument = z
  .number()
  .int()
  .min(0, 'must not be negative')
  .superRefine((value, context) => {
    const maximum = limit.getStore() ?? DEFAULT_MAX_PAGE_SIZE;
    if (value > maximum) {
      context.addIssue({
        code: 'too_big',
        origin: 'number',
        maximum,
        inclusive: true,
        input: value,
        message: `must be at most ${maximum}`,
      });
    }
  });
