// What the loaders share between the fields of one operation — a batch, a memoized read — is read once,
// and what the vendor said while it was read (its warnings) goes to every field that asked, each with
// its own path (request-scope.ts): not to the first asker alone, nor to the one that happened to start
// the batch.
import DataLoader from 'dataloader';
import { askShared, type RequestScope, retell, type SharedRead, type SourceWarning, sharedRead } from '../sources/request-scope.ts';

/** Runs `load` for `keys`: what the vendor says meanwhile is told to those who asked for these keys. */
export type Hear<K> = <T>(keys: readonly K[], load: () => Promise<T>) => Promise<T>;

export type HeardBatch<K, V> = (keys: readonly K[], hear: Hear<K>) => Promise<ReadonlyArray<V | Error>>;

/**
 * A DataLoader whose `load` tells the asker what the vendor said while its key was read: the batch
 * function reads through `hear`, naming the keys each read was for. (Only `load` retells: use it.)
 */
class HeardLoader<K, V, C> extends DataLoader<K, V, C> {
  readonly #scope: RequestScope;
  readonly #heard: Map<C, Array<readonly SourceWarning[]>>;
  readonly #keyOf: (key: K) => C;
  readonly #recordOf: ((key: K) => string) | undefined;

  constructor(
    batch: DataLoader.BatchLoadFn<K, V>,
    options: HeardLoaderOptions<K, V, C> | undefined,
    scope: RequestScope,
    heard: Map<C, Array<readonly SourceWarning[]>>,
  ) {
    super(batch, options);
    this.#scope = scope;
    this.#heard = heard;
    this.#keyOf = keyOf(options);
    this.#recordOf = options?.recordOf;
  }

  override load(key: K): Promise<V> {
    const retellFor = () => {
      const record = this.#recordOf?.(key);
      for (const heard of this.#heard.get(this.#keyOf(key)) ?? []) {
        // A warning about one record of the batch is that record's askers' alone.
        retell(
          this.#scope,
          record === undefined ? heard : heard.filter((warning) => warning.about === undefined || warning.about === record),
        );
      }
    };
    return super.load(key).then(
      (value) => {
        retellFor();
        return value;
      },
      (error: unknown) => {
        retellFor();
        throw error;
      },
    );
  }

  override clear(key: K): this {
    this.#heard.delete(this.#keyOf(key));
    return super.clear(key);
  }

  override clearAll(): this {
    this.#heard.clear();
    return super.clearAll();
  }
}

export interface HeardLoaderOptions<K, V, C> extends DataLoader.Options<K, V, C> {
  /** The vendor id of the record a key asks for: a warning `about` another record of its batch is not told to it. */
  recordOf?: (key: K) => string;
}

function keyOf<K, V, C>(options: HeardLoaderOptions<K, V, C> | undefined): (key: K) => C {
  return options?.cacheKeyFn ?? ((key: K) => key as unknown as C);
}

export function heardLoader<K, V, C = K>(
  scope: RequestScope,
  batch: HeardBatch<K, V>,
  options?: HeardLoaderOptions<K, V, C>,
): DataLoader<K, V, C> {
  const heard = new Map<C, Array<readonly SourceWarning[]>>();
  const cacheKeyOf = keyOf(options);
  const hear: Hear<K> = (keys, load) => {
    const read = sharedRead(load);
    for (const key of keys) {
      const cacheKey = cacheKeyOf(key);
      const said = heard.get(cacheKey);
      if (said) said.push(read.heard);
      else heard.set(cacheKey, [read.heard]);
    }
    return read.pending;
  };
  return new HeardLoader<K, V, C>((keys) => batch(keys, hear), options, scope, heard);
}

/** Reads made once per key for the operation (failures kept too), each asker told what the vendor said. */
export function readMemo(scope: RequestScope): <T>(key: string, load: () => Promise<T>) => Promise<T> {
  const memo = new Map<string, SharedRead<unknown>>();
  return <T>(key: string, load: () => Promise<T>): Promise<T> => {
    let read = memo.get(key) as SharedRead<T> | undefined;
    if (!read) {
      read = sharedRead(async () => load());
      memo.set(key, read);
    }
    return askShared(scope, read);
  };
}
