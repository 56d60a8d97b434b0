import type { VerdictStatus, Verdicts } from '@/lib/types';

// Which SES verdicts deserve the reader's attention, and how to say them in a few words.
// PASS, NONE (nothing to check: no DKIM signature, no DMARC policy) and absent are normal mail.

export type VerdictKey = keyof Verdicts;

export const VERDICT_LABEL: Record<VerdictKey, string> = { spam: 'Spam', virus: 'Virus', spf: 'SPF', dkim: 'DKIM', dmarc: 'DMARC' };

export function deviates(s: VerdictStatus | undefined): boolean {
  return s !== undefined && s !== 'PASS' && s !== 'NONE' && s !== 'NEUTRAL';
}

export function isFail(s: VerdictStatus | undefined): boolean {
  return s === 'FAIL';
}

/** The verdicts that deviate, most serious first. */
export function deviations(v: Verdicts | undefined): Array<{ key: VerdictKey; status: VerdictStatus }> {
  if (!v) return [];
  const order: VerdictKey[] = ['virus', 'spam', 'dmarc', 'dkim', 'spf'];
  return order.flatMap((key) => {
    const status = v[key];
    return status && deviates(status) ? [{ key, status }] : [];
  });
}

/** Short marks for a list row: spam, virus and authentication FAILs only (the list stays quiet otherwise). */
export function rowMarks(v: Verdicts | undefined): string[] {
  if (!v) return [];
  const marks: string[] = [];
  if (isFail(v.virus)) marks.push('Virus');
  if (isFail(v.spam)) marks.push('Spam');
  const auth = (['spf', 'dkim', 'dmarc'] as const).filter((k) => isFail(v[k])).map((k) => VERDICT_LABEL[k]);
  if (auth.length) marks.push(`${auth.join('/')} fail`);
  return marks;
}

/** The domain a From address claims, for the DMARC banner. */
export function claimedDomain(address: string | undefined): string | null {
  const at = address?.lastIndexOf('@') ?? -1;
  return address && at > 0 ? address.slice(at + 1).toLowerCase() : null;
}
