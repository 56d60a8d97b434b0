'use client';

import { buttonClass } from '@/components/ui/button-styles';
import { CopyButton } from '@/components/ui/CopyButton';
import { useTabTitle } from './tab-title';

/** The row of actions under the headers; also names the tab after the open message. */
export function MessageActions({ rawUrl, copyId, subject, mailboxLabel }: { rawUrl: string; copyId: string; subject: string; mailboxLabel?: string }) {
  useTabTitle({ subject, mailbox: mailboxLabel });
  return (
    <div className="flex flex-wrap items-center gap-1.5 print:hidden" data-testid="message-actions">
      <a href={rawUrl} download className={buttonClass.compact}>
        Download .eml
      </a>
      <CopyButton text={copyId} label="Copy message ID" className={buttonClass.compact} />
      <button type="button" className={buttonClass.compact} onClick={() => window.print()} data-testid="print">
        Print
      </button>
    </div>
  );
}
