'use client';

import { useCallback, useSyncExternalStore } from 'react';

// Conversations or the flat list: a choice of this browser, remembered in localStorage (it holds
// no mail data). Conversations are the default (issue 11); only an explicit "0" (the reader
// turned them off) gives the flat list. Without the index the rows carry
// no conversation, so the list is flat whatever the choice.

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

// When storage is refused (private mode), the choice lasts for this page only.
let unsaved: boolean | null = null;

function read(): boolean {
  try {
    return window.localStorage.getItem(KEY) !== '0';
  } catch {
    return unsaved ?? true;
  }
}

/**
 * The reader's choice, or null while the page hydrates (the server cannot know it): the list
 * waits for it rather than load the default view and then the chosen one.
 */
export function useConversations(): [boolean | null, (on: boolean) => void] {
  const on = useSyncExternalStore<boolean | null>(subscribe, read, () => null);
  const set = useCallback((value: boolean) => {
    unsaved = value;
    try {
      window.localStorage.setItem(KEY, value ? '1' : '0');
    } catch {
      // refused: `unsaved` holds it
    }
    window.dispatchEvent(new Event(EVENT));
  }, []);
  return [on, set];
}
