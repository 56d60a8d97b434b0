// Dark mode: follows the system unless the reader chose light or dark (kept in localStorage).
// The same few lines run before first paint (ThemeScript) and on every change (ThemeToggle).

export type ThemeMode = 'system' | 'light' | 'dark';

export const THEME_KEY = 'sesame-theme';

export const THEME_INIT = `(function(){try{var m=localStorage.getItem('${THEME_KEY}');var d=m==='dark'||(m!=='light'&&window.matchMedia('(prefers-color-scheme: dark)').matches);document.documentElement.classList.toggle('dark',d)}catch(_){}})()`;

export function readMode(): ThemeMode {
  try {
    const m = localStorage.getItem(THEME_KEY);
    return m === 'light' || m === 'dark' ? m : 'system';
  } catch {
    return 'system';
  }
}

export function applyMode(mode: ThemeMode): void {
  const dark = mode === 'dark' || (mode === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
}
