// State whose latest value is readable at once: several keys can arrive before React re-renders (a paste,
// keys typed while the program starts), so key handlers read `.current` rather than a render's copy.
// A render that derives the value may write `.current` itself: that needs no second redraw.

import { useRef, useState } from 'react';

export function useRefState<T>(initial: T | (() => T)): [{ current: T }, (next: T | ((prev: T) => T)) => void] {
  const ref = useRef<T>(undefined as T);
  const started = useRef(false);
  if (!started.current) {
    started.current = true;
    ref.current = typeof initial === 'function' ? (initial as () => T)() : initial;
  }
  const [, redraw] = useState(0);
  const set = (next: T | ((prev: T) => T)) => {
    ref.current = typeof next === 'function' ? (next as (prev: T) => T)(ref.current) : next;
    redraw((n) => n + 1);
  };
  return [ref, set];
}
