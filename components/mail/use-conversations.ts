'use client';

import { useCallback, useSyncExternalStore } from 'react';

// Conversations or the flat list: a choice of this browser, remembered in localStorage (it holds
// no mail data). The flat list is the default (and the server snapshot): it is what a list
// without the index shows too, so turning the index on does not reshuffle anyone's inbox.

const KEY = 'sesame:conversations';
const EVENT = 'sesame:conversations';

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
    return window.localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export function useConversations(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(subscribe, read, () => false);
  const set = useCallback((value: boolean) => {
    try {
      if (value) window.localStorage.setItem(KEY, '1');
      else window.localStorage.removeItem(KEY);
    } catch {
      // storage refused (private mode): the choice lasts for this page only
    }
    window.dispatchEvent(new Event(EVENT));
  }, []);
  return [on, set];
}
