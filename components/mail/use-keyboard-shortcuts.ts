'use client';

import { useEffect, useEffectEvent } from 'react';

/** Where typing must reach the field, not the shortcuts. */
function isTypingTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  if (t.isContentEditable) return true;
  if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return true;
  if (t instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(t.type);
  return false;
}

/**
 * Single-key shortcuts on the whole page (no modifier keys), ignored while typing in a field
 * or while a modal dialog is open. The handler returns true when it used the key.
 */
export function useKeyboardShortcuts(handle: (key: string, e: KeyboardEvent) => boolean) {
  const onKey = useEffectEvent((e: KeyboardEvent) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    if (isTypingTarget(e.target)) return;
    if (document.querySelector('dialog[open]')) return;
    if (handle(e.key, e)) e.preventDefault();
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => onKey(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}
