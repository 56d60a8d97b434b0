import type { MessageSummary } from '@/lib/types';

// A row is a message of one mailbox. Ids alone are not enough: a search across mailboxes can list
// the same SES message id twice (one delivery copied into two mailboxes' prefixes), and each copy
// has its own reader state. Mailbox ids are URL-safe (no '/'), so the key is unambiguous.

export type RowRef = Pick<MessageSummary, 'mailbox' | 'id'>;

export function rowKey(m: RowRef): string {
  return `${m.mailbox}/${m.id}`;
}

/** The DOM id of a row's link (the keyboard focuses it). */
export function rowDomId(m: RowRef): string {
  return `row-${rowKey(m)}`;
}
