import 'server-only';
import { getSettings } from '@/lib/config';
import type { MailSource } from '@/lib/mailstore/mail-source';
import { keyFor } from '@/lib/mailstore/message';
import { processWide } from '@/lib/process-wide';
import { openPglite, openPostgres } from './db';
import { IndexEngine } from './engine';
import { IndexUnavailableError } from './errors';
import { setState, unreadCount, type StatePatch } from './rows';

// What routes and the mailstore call: the process's one index engine (null when SESAME_INDEX=off)
// and the per-person state operations.

export function theIndex(): IndexEngine | null {
  const s = getSettings();
  if (s.SESAME_INDEX === 'off') return null;
  return processWide('index.engine', () => {
    const url = s.SESAME_INDEX_URL;
    return new IndexEngine({
      open: () => (url ? openPostgres(url, { max: s.SESAME_CONCURRENCY + 4 }) : openPglite(s.SESAME_INDEX_DIR)),
      concurrency: s.SESAME_CONCURRENCY,
    });
  });
}

async function readerView(source: MailSource) {
  if (!source.person) throw new IndexUnavailableError('Read, star and done need a signed-in person.');
  const view = await theIndex()?.view(source);
  if (!view) throw new IndexUnavailableError('Read, star and done are kept in the mailbox index, which is not available for you right now. Try again in a minute.');
  return view;
}

export async function messageState(source: MailSource, id: string, patch: StatePatch) {
  const key = keyFor(source, id);
  return setState(await readerView(source), key, patch);
}

export async function unreadIn(source: MailSource): Promise<number> {
  return unreadCount(await readerView(source));
}

/** Opening a message marks it read; the index being away must not stop anyone reading. */
export function markReadOnOpen(source: MailSource, id: string): void {
  if (!source.person || getSettings().SESAME_INDEX === 'off') return;
  messageState(source, id, { read: true }).catch(() => undefined);
}
