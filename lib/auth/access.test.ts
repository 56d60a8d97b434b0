import { describe, expect, it } from 'vitest';
import type { AccessRule, MailboxConfig } from '@/lib/config';
import { emailTrusted, emailVerifiedClaim, mailboxesFor, ruleMatches } from './access';

const box = (id: string): MailboxConfig => ({ id, label: id, bucket: 'b', prefix: `${id}/` });
const boxes = [box('support'), box('sales'), box('billing')];
const rule = (r: Partial<AccessRule> & Pick<AccessRule, 'mailboxes'>): AccessRule => ({ emails: [], domains: [], groups: [], ...r });

describe('mailboxesFor', () => {
  it('gives every mailbox to every signed-in person when no rules are set', () => {
    expect(mailboxesFor({ email: 'x@y.z', groups: [], emailVerified: true }, boxes, undefined).map((m) => m.id)).toEqual(['support', 'sales', 'billing']);
  });

  it('gives nothing when rules exist and none matches', () => {
    expect(mailboxesFor({ email: 'x@y.z', groups: [], emailVerified: true }, boxes, [rule({ mailboxes: ['*'], domains: ['example.com'] })])).toEqual([]);
    expect(mailboxesFor({ email: 'x@y.z', groups: [], emailVerified: true }, boxes, [])).toEqual([]);
  });

  it('matches emails and domains case-insensitively, "*" naming all, in configured order', () => {
    const rules = [rule({ mailboxes: ['billing', 'support'], emails: ['Bob@Example.com'] }), rule({ mailboxes: ['*'], domains: ['@admins.example.com'] })];
    expect(mailboxesFor({ email: 'bob@example.com', groups: [], emailVerified: true }, boxes, rules).map((m) => m.id)).toEqual(['support', 'billing']);
    expect(mailboxesFor({ email: 'Root@ADMINS.example.com', groups: [], emailVerified: true }, boxes, rules).map((m) => m.id)).toEqual(['support', 'sales', 'billing']);
  });

  it('matches groups exactly and unions several rules; unknown mailbox ids are ignored', () => {
    const rules = [rule({ mailboxes: ['support', 'nope'], groups: ['support'] }), rule({ mailboxes: ['sales'], groups: ['sales'] })];
    expect(mailboxesFor({ email: 'c@x.io', groups: ['sales', 'support'], emailVerified: true }, boxes, rules).map((m) => m.id)).toEqual(['support', 'sales']);
    expect(mailboxesFor({ email: 'c@x.io', groups: ['Support'], emailVerified: true }, boxes, rules)).toEqual([]);
  });

  it('does not treat a subdomain or a look-alike as the domain', () => {
    const r = rule({ mailboxes: ['*'], domains: ['example.com'] });
    expect(ruleMatches(r, { email: 'a@mail.example.com', groups: [], emailVerified: true })).toBe(false);
    expect(ruleMatches(r, { email: 'a@evilexample.com', groups: [], emailVerified: true })).toBe(false);
    expect(ruleMatches(r, { email: 'a@example.com.evil.io', groups: [], emailVerified: true })).toBe(false);
  });

  it('a rule that names nobody matches nobody', () => {
    expect(ruleMatches(rule({ mailboxes: ['*'] }), { email: 'a@example.com', groups: ['x'], emailVerified: true })).toBe(false);
  });
});

describe('email_verified', () => {
  const rules = [rule({ mailboxes: ['billing'], emails: ['bob@example.com'] }), rule({ mailboxes: ['sales'], domains: ['example.com'] }), rule({ mailboxes: ['support'], groups: ['support'] })];

  it('an address the IdP did not verify satisfies no email or domain rule; groups still count', () => {
    expect(mailboxesFor({ email: 'bob@example.com', groups: ['support'], emailVerified: false }, boxes, rules).map((m) => m.id)).toEqual(['support']);
    expect(mailboxesFor({ email: 'bob@example.com', groups: [], emailVerified: false }, boxes, rules)).toEqual([]);
    expect(mailboxesFor({ email: 'bob@example.com', groups: [], emailVerified: true }, boxes, rules).map((m) => m.id)).toEqual(['sales', 'billing']);
  });

  it('is verified only by a true claim, or by a missing one when the setting trusts that', () => {
    expect(emailTrusted(true, false)).toBe(true);
    expect(emailTrusted(null, false)).toBe(false);
    expect(emailTrusted(undefined, false)).toBe(false);
    expect(emailTrusted(false, false)).toBe(false);
    expect(emailTrusted(null, true)).toBe(true);
    expect(emailTrusted(undefined, true)).toBe(true);
    expect(emailTrusted(false, true)).toBe(false);
  });

  it('reads the claim as IdPs send it', () => {
    expect(emailVerifiedClaim(true)).toBe(true);
    expect(emailVerifiedClaim('true')).toBe(true);
    expect(emailVerifiedClaim(false)).toBe(false);
    expect(emailVerifiedClaim('false')).toBe(false);
    expect(emailVerifiedClaim(undefined)).toBeNull();
    expect(emailVerifiedClaim(1)).toBeNull();
  });
});
