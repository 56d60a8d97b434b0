'use client';

import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * A date in the reader's own time zone and locale. The server does not know either, so the
 * server and the first client render show UTC; the local form replaces it right after.
 */
export function LocalTime({ iso, className }: { iso: string; className?: string }) {
  const client = useSyncExternalStore(subscribe, () => true, () => false);
  const d = new Date(iso);
  const text = client
    ? d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
    : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
  const title = client ? d.toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'long' }) : iso;
  return (
    <time dateTime={iso} title={title} className={className}>
      {text}
    </time>
  );
}
