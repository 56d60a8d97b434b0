import { redirect } from 'next/navigation';
import { requireUser, signInPath } from '@/lib/auth/session';
import { toProblem, type HttpProblem } from '@/lib/http';
import { messageDetail } from '@/lib/mailstore/service';
import { sourceFor } from '@/lib/auth/reader-source';
import type { MessageDetail } from '@/lib/types';
import { listHref, readListState, safeDecode } from '@/components/mail/list-url';
import { MessageProblem } from '@/components/mail/MessageProblem';
import { MessageView } from '@/components/mail/MessageView';
import { ThreadView } from '@/components/mail/ThreadView';
import { messageParams } from '@/app/api/mailboxes/[mailbox]/messages/params';

type Search = Record<string, string | string[] | undefined>;

const TITLES: Record<string, string> = {
  'kms-access-denied': 'Cannot decrypt this message',
  'kms-key-disabled': 'Cannot decrypt this message',
  'authentication-failed': 'This message failed its integrity check',
  'key-commitment-mismatch': 'This message failed its integrity check',
  'context-mismatch': 'This message failed its integrity check',
  'not-found': 'There is no such message',
  forbidden: 'You may not read this message',
  'access-denied': 'You may not read this message',
};

export default async function MessagePage({ params, searchParams }: { params: Promise<{ mailbox: string; id: string }>; searchParams: Promise<Search> }) {
  const raw = await params;
  const search = await searchParams;
  const list = readListState((name) => {
    const v = search[name];
    return Array.isArray(v) ? v[0] : v;
  });
  const here = `/${raw.mailbox}/${raw.id}`;
  const ctx = await requireUser(here);
  const backHref = listHref(raw.mailbox, list);

  let detail: MessageDetail | null = null;
  let problem: HttpProblem | null = null;
  try {
    const { mailbox, id } = messageParams.parse({ mailbox: raw.mailbox, id: safeDecode(raw.id) });
    const source = await sourceFor(ctx, mailbox);
    detail = await messageDetail(source, id, { allowRemote: false });
  } catch (err) {
    problem = toProblem(err);
  }
  if (problem?.status === 401) redirect(signInPath(here, 'expired'));
  if (!detail) {
    const p = problem ?? toProblem(null);
    return <MessageProblem title={TITLES[p.code] ?? 'This message cannot be shown'} message={p.message} code={p.code} id={safeDecode(raw.id)} backHref={backHref} />;
  }
  const { html, ...rest } = detail;
  const mailboxLabel = ctx.mailboxes.find((m) => m.id === raw.mailbox)?.label;
  const view = <MessageView key={detail.id} message={{ ...rest, hasHtml: html !== null }} backHref={backHref} mailboxLabel={mailboxLabel} />;
  // ?thread= (a conversation's row): the whole conversation around the open message.
  const thread = typeof search.thread === 'string' ? messageParams.shape.id.safeParse(search.thread) : null;
  return thread?.success ? (
    <ThreadView key={thread.data} mailbox={detail.mailbox} threadId={thread.data} openId={detail.id} backHref={backHref}>
      {view}
    </ThreadView>
  ) : (
    view
  );
}
