'use client';

import { useEffect, useSyncExternalStore } from 'react';
import { applyMode, readMode, THEME_KEY, type ThemeMode } from './theme';
import { buttonClass } from './button-styles';

const NEXT: Record<ThemeMode, ThemeMode> = { system: 'dark', dark: 'light', light: 'system' };
const LABEL: Record<ThemeMode, string> = { system: 'Theme: system', dark: 'Theme: dark', light: 'Theme: light' };

const listeners = new Set<() => void>();
function subscribe(cb: () => void) {
  listeners.add(cb);
  const onStorage = (e: StorageEvent) => {
    if (e.key === THEME_KEY) cb();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(cb);
    window.removeEventListener('storage', onStorage);
  };
}

function setMode(mode: ThemeMode) {
  try {
    if (mode === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, mode);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
  applyMode(mode);
  for (const l of listeners) l();
}

export function ThemeToggle() {
  const mode = useSyncExternalStore(subscribe, readMode, () => 'system' as ThemeMode);

  // Follow the system while the reader has not chosen (and another tab's choice).
  useEffect(() => {
    applyMode(mode);
    if (mode !== 'system') return;
    const mq = window.matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => applyMode('system');
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, [mode]);

  return (
    <button
      type="button"
      className={buttonClass.ghost}
      onClick={() => setMode(NEXT[mode])}
      aria-label={`${LABEL[mode]}. Switch to ${NEXT[mode]}.`}
      title={`${LABEL[mode]} (click for ${NEXT[mode]})`}
      data-testid="theme-toggle"
      data-mode={mode}
    >
      <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
        {mode === 'dark' ? (
          // A full crescent: the thin one read as a hairline at 16 px.
          <path d="M7.455 2.004a.75.75 0 0 1 .26.77 7 7 0 0 0 9.958 7.967.75.75 0 0 1 1.067.853A8.5 8.5 0 1 1 6.647 1.921a.75.75 0 0 1 .808.083Z" />
        ) : mode === 'light' ? (
          <path d="M10 14a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm0-14 1 3H9l1-3Zm0 20-1-3h2l-1 3ZM0 10l3-1v2l-3-1Zm20 0-3 1V9l3 1ZM2.9 2.9l2.8 1.4-1.4 1.4L2.9 2.9Zm14.2 14.2-2.8-1.4 1.4-1.4 1.4 2.8Zm0-14.2-1.4 2.8-1.4-1.4 2.8-1.4ZM2.9 17.1l1.4-2.8 1.4 1.4-2.8 1.4Z" />
        ) : (
          <path d="M10 2a8 8 0 1 0 0 16A8 8 0 0 0 10 2Zm0 1.5a6.5 6.5 0 0 1 0 13v-13Z" fillRule="evenodd" />
        )}
      </svg>
      <span className="hidden sm:inline">{mode === 'system' ? 'System' : mode === 'dark' ? 'Dark' : 'Light'}</span>
    </button>
  );
}
