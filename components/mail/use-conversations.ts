'use client';

import { useCallback, useSyncExternalStore } from 'react';

// Conversations or the flat list: a choice of this browser, remembered in localStorage (it holds
// no mail data). The server snapshot is "conversations", the default.

const KEY = 'sesame:flat-list';
const EVENT = 'sesame:flat-list';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('storage', onChange);
  window.addEventListener(EVENT, onChange);
  return () => {
    window.removeEventListener('storage', onChange);
    window.removeEventListener(EVENT, onChange);
  };
}

function read(): boolean {
  try {
    return window.localStorage.getItem(KEY) !== '1';
  } catch {
    return true;
  }
}

export function useConversations(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(subscribe, read, () => true);
  const set = useCallback((value: boolean) => {
    try {
      if (value) window.localStorage.removeItem(KEY);
      else window.localStorage.setItem(KEY, '1');
    } catch {
      // storage refused (private mode): the choice lasts for this page only
    }
    window.dispatchEvent(new Event(EVENT));
  }, []);
  return [on, set];
}
