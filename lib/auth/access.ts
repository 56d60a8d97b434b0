import 'server-only';
import type { AccessRule, MailboxConfig } from '@/lib/config';

export interface Reader {
  email: string;
  groups: readonly string[];
  /** Whether the address may name this person: see emailTrusted(). Email and domain rules need it. */
  emailVerified: boolean;
}

/**
 * An address names a person only when the IdP said `email_verified: true`; with
 * SESAME_TRUST_UNVERIFIED_EMAIL also when it said nothing (IdPs that never send the claim). A
 * false one never does (sign-in refuses it anyway).
 */
export function emailTrusted(claim: boolean | null | undefined, trustUnverified: boolean): boolean {
  return claim === true || (trustUnverified && (claim === null || claim === undefined));
}

/** The email_verified claim as sent: true, false, or null when absent (some IdPs send strings). */
export function emailVerifiedClaim(value: unknown): boolean | null {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return null;
}

/** Whether one rule names this person (by email, email domain or group). A rule naming nobody matches nobody. */
export function ruleMatches(rule: AccessRule, reader: Reader): boolean {
  const email = reader.email.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  const domain = at >= 0 ? email.slice(at + 1) : '';
  if (reader.emailVerified && rule.emails.some((e) => e.trim().toLowerCase() === email)) return true;
  if (reader.emailVerified && domain && rule.domains.some((d) => d.trim().toLowerCase().replace(/^@/, '') === domain)) return true;
  return rule.groups.some((g) => reader.groups.includes(g));
}

/**
 * The mailboxes this person may read, in the order of SESAME_MAILBOXES. Without any rule every
 * configured mailbox is readable by every signed-in person (IAM and the KMS key policy then
 * decide in web-identity mode). With rules, only what a matching rule names; "*" names all.
 */
export function mailboxesFor(reader: Reader, mailboxes: readonly MailboxConfig[], rules: readonly AccessRule[] | undefined): MailboxConfig[] {
  if (!rules) return [...mailboxes];
  const allowed = new Set<string>();
  let all = false;
  for (const rule of rules) {
    if (!ruleMatches(rule, reader)) continue;
    for (const id of rule.mailboxes) {
      if (id === '*') all = true;
      else allowed.add(id);
    }
  }
  return mailboxes.filter((m) => all || allowed.has(m.id));
}
