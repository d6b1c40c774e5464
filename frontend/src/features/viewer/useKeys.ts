import { useEffect, useRef } from 'react';

/** A key as KeyboardEvent.key, with "Shift+" before it when Shift is held ("Shift+F3"). */
export type KeyMap = Partial<Record<string, () => void>>;

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The viewer's keys, on the whole window while it is open, except while
 * the reviewer types in a field or holds Ctrl, Alt or Meta. Letters are
 * matched as typed: "n" and "N" (Shift+n) are different keys.
 */
export function useKeys(keys: KeyMap) {
  const current = useRef(keys);
  useEffect(() => {
    current.current = keys;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || typing(e.target)) return;
      const name = e.key.length > 1 && e.shiftKey ? `Shift+${e.key}` : e.key;
      const fn = current.current[name];
      if (!fn) return;
      e.preventDefault();
      fn();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
