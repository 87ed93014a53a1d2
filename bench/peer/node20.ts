/**
 * @restatedev/restate-sdk 1.17 calls Promise.withResolvers (Node 22) and declares no engines;
 * on Node 20 every invocation fails with "TypeError: Promise.withResolvers is not a function".
 * This machine has Node 20, so the peer's service gets the standard polyfill, loaded first.
 */
if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  Object.assign(Promise, {
    withResolvers<T>() {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export {};
