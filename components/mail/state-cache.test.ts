import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { InboxPage, MessageSummary } from '@/lib/types';
import { applyOptimistic, findSummary, undoOptimistic, unreadKey } from './state-cache';
import { inboxKeyPrefix, type LoadedPage } from './use-inbox';

function row(mailbox: string, id: string, extra: Partial<MessageSummary> = {}): MessageSummary {
  return {
    id,
    mailbox,
    from: null,
    to: [],
    subject: id,
    date: null,
    receivedAt: '2026-11-01T10:00:00.000Z',
    snippet: '',
    hasAttachments: false,
    size: 1,
    encrypted: true,
    read: false,
    starred: false,
    done: false,
    ...extra,
  };
}

function page(items: MessageSummary[]): LoadedPage {
  const data: InboxPage = { items, total: items.length, page: 1, pageSize: 50, summarised: items.length, failed: 0, mailboxSize: items.length, listedAt: '' };
  return { data, arrived: [], stalls: 0 };
}

const items = (client: QueryClient, key: readonly unknown[]) => client.getQueryData<LoadedPage>(key)!.data.items;

describe('state changes in the cached lists', () => {
  // The same SES id in two mailboxes (one delivery into two prefixes), both in a search across
  // mailboxes opened from support, and billing's own list cached from an earlier visit.
  const across = [...inboxKeyPrefix('support'), 1, 50, 'in:all hello', 'inbox', false];
  const supportList = [...inboxKeyPrefix('support'), 1, 50, '', 'inbox', false];
  const billingList = [...inboxKeyPrefix('billing'), 1, 50, '', 'inbox', false];

  function seeded(): QueryClient {
    const client = new QueryClient();
    client.setQueryData(across, page([row('billing', 'same'), row('support', 'same'), row('support', 'other')]));
    client.setQueryData(supportList, page([row('support', 'same'), row('support', 'other')]));
    client.setQueryData(billingList, page([row('billing', 'same')]));
    client.setQueryData(unreadKey('billing'), 3);
    client.setQueryData(unreadKey('support'), 7);
    return client;
  }

  it("changes the row's own mailbox's message in every cached list, and no other mailbox's copy", () => {
    const client = seeded();
    applyOptimistic(client, { mailbox: 'billing', id: 'same' }, { starred: true, read: true });
    expect(items(client, across).map((m) => [m.mailbox, m.id, m.starred, m.read])).toEqual([
      ['billing', 'same', true, true],
      ['support', 'same', false, false],
      ['support', 'other', false, false],
    ]);
    expect(items(client, billingList)[0]).toMatchObject({ starred: true, read: true });
    expect(items(client, supportList).every((m) => !m.starred && m.read === false)).toBe(true);
    expect(client.getQueryData(unreadKey('billing'))).toBe(2);
    expect(client.getQueryData(unreadKey('support'))).toBe(7);
  });

  it('puts every list back when the server refuses', () => {
    const client = seeded();
    const ref = { mailbox: 'billing', id: 'same' };
    const undo = applyOptimistic(client, ref, { done: true, read: true });
    undoOptimistic(client, ref, undo);
    expect(findSummary(client, ref)).toMatchObject({ done: false, read: false });
    expect(items(client, billingList)[0]).toMatchObject({ done: false, read: false });
    expect(client.getQueryData(unreadKey('billing'))).toBe(3);
  });

  it('counts an unread change only when the read state flips', () => {
    const client = seeded();
    applyOptimistic(client, { mailbox: 'support', id: 'other' }, { read: false });
    expect(client.getQueryData(unreadKey('support'))).toBe(7);
    applyOptimistic(client, { mailbox: 'support', id: 'other' }, { read: true });
    expect(client.getQueryData(unreadKey('support'))).toBe(6);
  });

  it("keeps a conversation row's unread count current as its messages are read and unread", () => {
    const client = new QueryClient();
    const list = [...inboxKeyPrefix('support'), 1, 50, '', 'inbox', true];
    const thread = [...inboxKeyPrefix('support'), 'thread', 't1'];
    const conv = { threadId: 't1', threadSize: 3 };
    // The conversation row is its newest message (read); two older ones are not.
    client.setQueryData(list, page([row('support', 'c', { ...conv, read: true, threadUnread: 2 }), row('support', 'x', { threadId: 'x', threadSize: 1, threadUnread: 1 })]));
    client.setQueryData(thread, page([row('support', 'a', conv), row('support', 'b', conv), row('support', 'c', { ...conv, read: true })]));
    applyOptimistic(client, { mailbox: 'support', id: 'a' }, { read: true });
    expect(items(client, list)[0]!.threadUnread).toBe(1);
    expect(items(client, list)[1]!.threadUnread).toBe(1);
    applyOptimistic(client, { mailbox: 'support', id: 'b' }, { read: true });
    applyOptimistic(client, { mailbox: 'support', id: 'b' }, { read: true });
    expect(items(client, list)[0]!.threadUnread).toBe(0);
    // Shift+U on the conversation's row: its own message is unread again.
    applyOptimistic(client, { mailbox: 'support', id: 'c' }, { read: false });
    expect(items(client, list)[0]).toMatchObject({ read: false, threadUnread: 1 });
  });
});
