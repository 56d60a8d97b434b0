import { forbidden, notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { ForbiddenError } from '@/lib/auth/errors';
import { sourceFor } from '@/lib/auth/reader-source';
import { requireUser } from '@/lib/auth/session';
import { checkMessage } from '@/lib/mailstore/message';
import { StoreError } from '@/lib/mailstore/store-errors';
import { safeDecode } from '@/components/mail/list-url';
import { messageParams } from '@/app/api/mailboxes/[mailbox]/messages/params';

// The message page streams (loading.tsx shows while it decrypts), and a streamed response is a
// 200 whatever happens later. So a missing message (404) or one the reader's role may not read
// (403) is found here, above the loading boundary, with one HEAD request; every other problem
// (KMS, integrity) is the page's to explain.
export default async function MessageLayout({ children, params }: { children: ReactNode; params: Promise<{ mailbox: string; id: string }> }) {
  const raw = await params;
  const ctx = await requireUser(`/${raw.mailbox}/${raw.id}`);
  const parsed = messageParams.safeParse({ mailbox: raw.mailbox, id: safeDecode(raw.id) });
  if (!parsed.success) notFound();
  let problem: 'not-found' | 'forbidden' | null = null;
  try {
    await checkMessage(await sourceFor(ctx, parsed.data.mailbox), parsed.data.id);
  } catch (err) {
    if (err instanceof ForbiddenError) problem = 'forbidden';
    // No message can have an id that would leave the mailbox's prefix: there is no such message.
    else if (err instanceof StoreError && (err.code === 'not-found' || err.code === 'invalid-key')) problem = 'not-found';
    else if (err instanceof StoreError && err.code === 'access-denied') problem = 'forbidden';
    // Anything else (credentials to renew, S3 busy): the page says what happened in its own words.
  }
  if (problem === 'not-found') notFound();
  if (problem === 'forbidden') forbidden();
  return children;
}
