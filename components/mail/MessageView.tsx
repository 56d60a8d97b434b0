import Link from 'next/link';
import type { Address, MessageDetail } from '@/lib/types';
import { buttonClass } from '@/components/ui/button-styles';
import { LocalTime } from '@/components/ui/LocalTime';
import { Tabs, type TabDef } from '@/components/ui/Tabs';
import { AttachmentList } from './AttachmentList';
import { HeaderTable } from './HeaderTable';
import { MessageHeading } from './MessageHeading';
import { RawSource } from './RawSource';
import { SandboxedHtml } from './SandboxedHtml';
import { TextBody } from './TextBody';
import { MessageActions } from './MessageActions';
import { ChecksChip } from './VerdictBadges';
import { claimedDomain } from './verdict-words';
import { formatAddress } from './format';

/** A message as the view needs it: the HTML itself is not sent to the browser here, the iframe loads it. */
export type MessageViewData = Omit<MessageDetail, 'html'> & { hasHtml: boolean };

function AddressLine({ label, list }: { label: string; list: Address[] }) {
  if (!list.length) return null;
  return (
    <div className="flex gap-2">
      <dt className="w-16 shrink-0 text-zinc-600 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 break-words">{list.map(formatAddress).join(', ')}</dd>
    </div>
  );
}

function DmarcBanner({ from }: { from: Address | null }) {
  const domain = claimedDomain(from?.address);
  return (
    <div role="alert" className="mb-3 rounded-md border border-red-400 bg-red-50 p-3 text-sm text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-100" data-testid="dmarc-warning">
      <strong className="break-all">{domain ? `This message claims to be from ${domain} but failed its checks.` : 'This message failed its sender checks.'}</strong>{' '}
      It may come from someone else: do not follow its links, open its attachments or reply with personal details.
    </div>
  );
}

export function MessageView({ message, backHref, mailboxLabel, embedded = false }: { message: MessageViewData; backHref: string; mailboxLabel?: string; embedded?: boolean }) {
  const base = `/api/mailboxes/${encodeURIComponent(message.mailbox)}/messages/${encodeURIComponent(message.id)}`;
  const virusFail = message.verdicts.virus === 'FAIL';
  const copyId = message.messageIdHeader?.replace(/^<|>$/g, '') ?? message.id;

  const tabs: TabDef[] = [];
  if (!message.tooComplex) {
    if (message.hasHtml) tabs.push({ id: 'html', label: 'HTML', panel: <SandboxedHtml bodyUrl={`${base}/body`} hasRemoteContent={message.hasRemoteContent} /> });
    tabs.push({ id: 'text', label: 'Text', panel: <TextBody text={message.text} /> });
  }
  tabs.push(
    { id: 'headers', label: 'Headers', panel: <HeaderTable headers={message.headers} /> },
    { id: 'raw', label: 'Raw', panel: <RawSource rawUrl={`${base}/raw`} size={message.size} /> },
  );

  return (
    <article className={`mx-auto w-full min-w-0 max-w-5xl print:max-w-none print:p-0 ${embedded ? 'p-2 sm:p-3' : 'p-3 sm:p-5'}`} data-testid="message-view" data-id={message.id}>
      {embedded ? null : <Link href={backHref} prefetch={false} className="mb-2 inline-block text-sm text-zinc-700 underline-offset-2 hover:underline lg:hidden print:hidden dark:text-zinc-300">
        ← Back to the list <span className="text-zinc-600 pointer-coarse:hidden dark:text-zinc-400">(u)</span>
      </Link>}
      {message.verdicts.dmarc === 'FAIL' ? <DmarcBanner from={message.from} /> : null}
      {embedded ? null : <MessageHeading id={message.id} subject={message.subject} />}

      <dl className="mt-2 space-y-0.5 text-sm" data-testid="message-headers">
        <div className="flex gap-2">
          <dt className="w-16 shrink-0 text-zinc-600 dark:text-zinc-400">From</dt>
          <dd className="min-w-0 break-words font-medium" data-testid="message-from">
            {message.from ? formatAddress(message.from) : '(no sender)'}
          </dd>
        </div>
        <AddressLine label="To" list={message.to} />
        <AddressLine label="Cc" list={message.cc} />
        <AddressLine label="Reply-To" list={message.replyTo} />
        <div className="flex gap-2">
          <dt className="w-16 shrink-0 text-zinc-600 dark:text-zinc-400">Date</dt>
          <dd>
            <LocalTime iso={message.date ?? message.receivedAt} />
            {message.date ? null : <span className="text-zinc-600 dark:text-zinc-400"> (received; the message has no valid Date)</span>}
          </dd>
        </div>
      </dl>

      <div className="mt-2 flex flex-wrap items-start gap-x-3 gap-y-2 print:hidden">
        <ChecksChip verdicts={message.verdicts} encryption={message.encryption} />
        <div className="ml-auto">
          <MessageActions mailbox={message.mailbox} id={message.id} rawUrl={`${base}/raw`} copyId={copyId} subject={message.subject} mailboxLabel={mailboxLabel} embedded={embedded} />
        </div>
      </div>

      {virusFail ? (
        <div role="alert" className="mt-3 rounded-md border border-red-400 bg-red-50 px-3 py-2 text-sm text-red-950 dark:border-red-700 dark:bg-red-950 dark:text-red-100" data-testid="virus-warning">
          <strong>Amazon SES found a virus in this message.</strong>{' '}
          {message.attachments.length
            ? 'Do not open its attachments unless you know exactly what they are; each download asks you to confirm.'
            : 'Do not follow its links or reply to it.'}
        </div>
      ) : null}
      {message.verdicts.spam === 'FAIL' ? (
        <div className="mt-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100" data-testid="spam-warning">
          Amazon SES marked this message as spam. Be careful with its links.
        </div>
      ) : null}

      {message.tooComplex ? (
        <div className="mt-4 rounded-md border border-zinc-300 bg-zinc-50 p-4 dark:border-zinc-700 dark:bg-zinc-900" data-testid="too-complex">
          <h2 className="font-semibold">This message is too complex to display</h2>
          <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">Reason: {message.tooComplex}. You can still download it and open it in a mail program.</p>
          <a href={`${base}/raw`} download className={`${buttonClass.primary} mt-3`}>
            Download .eml
          </a>
        </div>
      ) : null}
      <div className="mt-3" data-print="body">
        <Tabs label="Message views" tabs={tabs} initial={message.tooComplex ? 'headers' : message.hasHtml ? 'html' : 'text'} />
      </div>
      {/* After the body, as mail apps place them: on a phone the message itself starts near the top. */}
      {message.tooComplex ? null : <AttachmentList attachments={message.attachments} baseUrl={`${base}/attachments`} virusFail={virusFail} />}
    </article>
  );
}
