import 'server-only';
import type { HeaderLine, VerdictStatus, Verdicts } from '@/lib/types';
import { stripComments } from './header-params';

// SES's spam, virus and authentication verdicts. SES prepends one block to every message it
// receives, always in this order:
//   Return-Path, Received (by inbound-smtp.<region>.amazonaws.com), X-SES-Spam-Verdict,
//   X-SES-Virus-Verdict, Received-SPF, Authentication-Results, X-SES-RECEIPT, X-SES-DKIM-SIGNATURE
// Everything below it was written by the sender, who can write "X-SES-Spam-Verdict: PASS" too.
// So only the contiguous block at the very top is read: it ends at the first header SES does not
// write, at a Received that is not SES's own, at any name seen twice, and after
// X-SES-DKIM-SIGNATURE (or after X-SES-RECEIPT when no signature follows it). A verdict SES did
// not write (scanning off) is absent, never taken from below.

const SES_RECEIVED = /\bby\s+inbound-smtp\.[a-z0-9-]+\.amazonaws\.com\b/i;
const BLOCK_NAMES = new Set([
  'return-path',
  'received',
  'x-ses-spam-verdict',
  'x-ses-virus-verdict',
  'received-spf',
  'authentication-results',
  'x-ses-receipt',
  'x-ses-dkim-signature',
]);

/** The headers SES itself added on top of the message. */
export function sesBlock(headers: readonly HeaderLine[]): HeaderLine[] {
  const block: HeaderLine[] = [];
  const seen = new Set<string>();
  for (const header of headers) {
    const name = header.name.toLowerCase();
    const previous = block[block.length - 1]?.name.toLowerCase();
    if (previous === 'x-ses-dkim-signature') break;
    if (previous === 'x-ses-receipt' && name !== 'x-ses-dkim-signature') break;
    if (!BLOCK_NAMES.has(name) || seen.has(name)) break;
    if (name === 'received' && !SES_RECEIVED.test(header.value)) break;
    seen.add(name);
    block.push(header);
  }
  return block;
}

const KNOWN: ReadonlySet<string> = new Set<VerdictStatus>([
  'PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'NONE', 'NEUTRAL', 'SOFTFAIL', 'TEMPERROR', 'PERMERROR',
]);

function status(word: string | undefined): VerdictStatus {
  const upper = (word ?? '').trim().toUpperCase();
  return KNOWN.has(upper) ? (upper as VerdictStatus) : 'UNKNOWN';
}

function splitOutsideQuotes(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const c of value) {
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

/**
 * Method results from an Authentication-Results value (RFC 8601) whose authserv-id is
 * amazonses.com. Comments are removed first: "(spfCheck: ... dkim=pass ...)" is text, not a result.
 */
export function authenticationResults(value: string): Map<string, VerdictStatus> | null {
  const [authserv, ...results] = splitOutsideQuotes(stripComments(value));
  const id = (authserv ?? '').trim().split(/\s+/)[0]?.toLowerCase();
  if (id !== 'amazonses.com') return null;
  const out = new Map<string, VerdictStatus>();
  for (const result of results) {
    const m = /^\s*([a-z0-9-]+)\s*=\s*([a-z_]+)/i.exec(result);
    const method = m?.[1]?.toLowerCase();
    if (method && !out.has(method)) out.set(method, status(m?.[2]));
  }
  return out;
}

export function readVerdicts(headers: readonly HeaderLine[]): Verdicts {
  const verdicts: Verdicts = {};
  for (const header of sesBlock(headers)) {
    switch (header.name.toLowerCase()) {
      case 'x-ses-spam-verdict':
        verdicts.spam = status(header.value);
        break;
      case 'x-ses-virus-verdict':
        verdicts.virus = status(header.value);
        break;
      case 'received-spf':
        verdicts.spf ??= status(/^\s*([a-z]+)/i.exec(header.value)?.[1]);
        break;
      case 'authentication-results': {
        const results = authenticationResults(header.value);
        const spf = results?.get('spf');
        const dkim = results?.get('dkim');
        const dmarc = results?.get('dmarc');
        if (spf) verdicts.spf = spf;
        if (dkim) verdicts.dkim = dkim;
        if (dmarc) verdicts.dmarc = dmarc;
        break;
      }
    }
  }
  return verdicts;
}
