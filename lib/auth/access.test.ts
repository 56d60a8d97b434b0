import { describe, expect, it } from 'vitest';
import type { AccessRule, MailboxConfig } from '@/lib/config';
import { mailboxesFor, ruleMatches } from './access';

const box = (id: string): MailboxConfig => ({ id, label: id, bucket: 'b', prefix: `${id}/` });
const boxes = [box('support'), box('sales'), box('billing')];
const rule = (r: Partial<AccessRule> & Pick<AccessRule, 'mailboxes'>): AccessRule => ({ emails: [], domains: [], groups: [], ...r });

describe('mailboxesFor', () => {
  it('gives every mailbox to every signed-in person when no rules are set', () => {
    expect(mailboxesFor({ email: 'x@y.z', groups: [] }, boxes, undefined).map((m) => m.id)).toEqual(['support', 'sales', 'billing']);
  });

  it('gives nothing when rules exist and none matches', () => {
    expect(mailboxesFor({ email: 'x@y.z', groups: [] }, boxes, [rule({ mailboxes: ['*'], domains: ['example.com'] })])).toEqual([]);
    expect(mailboxesFor({ email: 'x@y.z', groups: [] }, boxes, [])).toEqual([]);
  });

  it('matches emails and domains case-insensitively, "*" naming all, in configured order', () => {
    const rules = [rule({ mailboxes: ['billing', 'support'], emails: ['Bob@Example.com'] }), rule({ mailboxes: ['*'], domains: ['@admins.example.com'] })];
    expect(mailboxesFor({ email: 'bob@example.com', groups: [] }, boxes, rules).map((m) => m.id)).toEqual(['support', 'billing']);
    expect(mailboxesFor({ email: 'Root@ADMINS.example.com', groups: [] }, boxes, rules).map((m) => m.id)).toEqual(['support', 'sales', 'billing']);
  });

  it('matches groups exactly and unions several rules; unknown mailbox ids are ignored', () => {
    const rules = [rule({ mailboxes: ['support', 'nope'], groups: ['support'] }), rule({ mailboxes: ['sales'], groups: ['sales'] })];
    expect(mailboxesFor({ email: 'c@x.io', groups: ['sales', 'support'] }, boxes, rules).map((m) => m.id)).toEqual(['support', 'sales']);
    expect(mailboxesFor({ email: 'c@x.io', groups: ['Support'] }, boxes, rules)).toEqual([]);
  });

  it('does not treat a subdomain or a look-alike as the domain', () => {
    const r = rule({ mailboxes: ['*'], domains: ['example.com'] });
    expect(ruleMatches(r, { email: 'a@mail.example.com', groups: [] })).toBe(false);
    expect(ruleMatches(r, { email: 'a@evilexample.com', groups: [] })).toBe(false);
    expect(ruleMatches(r, { email: 'a@example.com.evil.io', groups: [] })).toBe(false);
  });

  it('a rule that names nobody matches nobody', () => {
    expect(ruleMatches(rule({ mailboxes: ['*'] }), { email: 'a@example.com', groups: ['x'] })).toBe(false);
  });
});
