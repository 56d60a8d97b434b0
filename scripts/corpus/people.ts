// Who writes to the inbox. Documentation domains only (RFC 2606), documentation IPs (RFC 5737).
import type { Address } from './mime-build';

export const people = {
  alice: { name: 'Alice Martin', email: 'alice.martin@example.com' },
  bob: { name: 'Bob Okafor', email: 'bob@example.org' },
  carol: { name: 'Carol Nguyen', email: 'carol.nguyen@example.net' },
  dave: { name: 'Dave Fischer', email: 'dave@example.org' },
  erin: { name: "Erin O'Brien", email: 'erin.obrien@example.com' },
  frank: { name: 'Frank Dubois', email: 'frank.dubois@example.net' },
  grace: { name: 'Grace Ho', email: 'grace@eng.example.com' },
  heidi: { name: 'Heidi Schäfer', email: 'heidi.schaefer@example.org' },
  ivan: { name: 'Ivan Petrov', email: 'ivan@example.net' },
  judy: { name: 'Judy Alvarez', email: 'judy.alvarez@example.com' },
  kenji: { name: '山田 健二', email: 'kenji.yamada@example.org' },
  yuki: { name: '佐藤 由紀', email: 'yuki.sato@example.net' },
  mallory: { name: 'Mallory', email: 'mallory@example.net' },
  ops: { name: 'Ops Alerts', email: 'alerts@ops.example.com' },
  ci: { name: 'Buildbot', email: 'ci@build.example.com' },
  shop: { name: 'Example Shop', email: 'orders@shop.example.com' },
  news: { name: 'The Example Weekly', email: 'newsletter@news.example.org' },
  travel: { name: 'Example Travel', email: 'deals@travel.example.net' },
  bank: { name: 'Example Bank', email: 'no-reply@bank.example.com' },
  calendar: { name: 'Calendar', email: 'calendar-notification@example.com' },
  postmaster: { name: 'Mail Delivery Subsystem', email: 'mailer-daemon@mx.example.org' },
} satisfies Record<string, Address>;

export type PersonKey = keyof typeof people;

/** The domain part of an address. */
export function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1);
}

/** The organisational domain (example.org for news.example.org), as DMARC reports it. */
export function orgDomain(email: string): string {
  return domainOf(email).split('.').slice(-2).join('.');
}
