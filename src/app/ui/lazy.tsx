import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** A screen loaded on first use, to keep the first page small; shows a short notice meanwhile. */
export function lazyScreen<P extends object>(
  load: () => Promise<ComponentType<P>>,
): ComponentType<P> {
  let cached: ComponentType<P> | undefined;
  return function Lazy(props: P) {
    const [C, setC] = useState<ComponentType<P> | undefined>(() => cached);
    useEffect(() => {
      if (!C)
        void load().then((c) => {
          cached = c;
          setC(() => c);
        });
    }, []);
    return C ? <C {...props} /> : <p role="status">Loading…</p>;
  };
}
