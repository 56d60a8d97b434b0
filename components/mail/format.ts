import type { Address } from '@/lib/types';

// How the mail components write sizes, dates and addresses. Dates are formatted in the browser's
// own time zone and locale: call these from client components (or after mount).

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

export function exactDate(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'long' });
}

/** Short and relative: "just now", "5 min ago", "14:05" today, "Yesterday", "Oct 3", "Oct 3, 2024". */
export function relativeDate(iso: string, now: number): string {
  const d = new Date(iso);
  const diff = now - d.getTime();
  if (diff >= 0 && diff < 60_000) return 'just now';
  if (diff >= 0 && diff < 3_600_000) return `${Math.floor(diff / 60_000)} min ago`;
  const today = new Date(now);
  const sameDay = (a: Date, b: Date) => a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
  if (sameDay(d, today)) return d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const yesterday = new Date(now - 86_400_000);
  if (sameDay(d, yesterday)) return 'Yesterday';
  if (d.getFullYear() === today.getFullYear()) return d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
  return d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** "Name <address>" or the address alone. */
export function formatAddress(a: Address): string {
  return a.name && a.name !== a.address ? `${a.name} <${a.address}>` : a.address;
}

export function displayName(a: Address | null): string {
  if (!a) return '(unknown sender)';
  return a.name || a.address || '(unknown sender)';
}

// Bidi overrides and invisible characters can make "invoice‮fdp.exe" read as "invoiceexe.pdf".
const DECEPTIVE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u0000-\u001f\u007f]/g;

/**
 * A sender-chosen name (attachment, address) shown so that it cannot pretend to be another: each
 * bidi control or invisible character is written out as its escape ("invoice\u202Efdp.exe"), so
 * the reader sees that something was hidden there and where.
 */
export function visibleName(name: string): string {
  return name.replace(DECEPTIVE, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
