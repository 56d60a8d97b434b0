'use client';

import { useEffect } from 'react';

/** "<subject> – <mailbox> (<unread>) – Sesame"; the unread count comes once the index serves it. */
export function tabTitle({ subject, mailbox, unread }: { subject?: string; mailbox?: string; unread?: number }): string {
  const box = mailbox ? (unread ? `${mailbox} (${unread})` : mailbox) : undefined;
  return [subject === undefined ? undefined : subject || '(no subject)', box, 'Sesame'].filter((p) => p !== undefined).join(' – ');
}

// Set after every render that changes it: Next's metadata title is the same for every mail page.
export function useTabTitle(parts: Parameters<typeof tabTitle>[0], enabled = true): void {
  const title = tabTitle(parts);
  useEffect(() => {
    if (enabled) document.title = title;
  }, [title, enabled]);
}
