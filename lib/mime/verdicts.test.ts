import 'server-only';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HeaderLine } from '@/lib/types';
import { parseMessage } from './parse';
import { authenticationResults, readVerdicts, sesBlock } from './verdicts';

const h = (name: string, value: string): HeaderLine => ({ name, value });
const SES_RECEIVED = h('Received', 'from mx.example.org (mx.example.org [203.0.113.5]) by inbound-smtp.us-east-1.amazonaws.com with SMTP id abc for r@x; Tue, 01 Jul 2025 09:30:02 +0000 (UTC)');
const SENDER_RECEIVED = h('Received', 'by mx.example.org (Postfix) id 4bX2; Tue, 01 Jul 2025 11:30:00 +0200');

function sesHeaders(v: { spam?: string; virus?: string; spf?: string; dkim?: string; dmarc?: string }): HeaderLine[] {
  const out = [h('Return-Path', '<a@example.org>'), SES_RECEIVED];
  if (v.spam) out.push(h('X-SES-Spam-Verdict', v.spam));
  if (v.virus) out.push(h('X-SES-Virus-Verdict', v.virus));
  if (v.spf) out.push(h('Received-SPF', `${v.spf} (spfCheck: domain of example.org designates 203.0.113.5 as permitted sender) client-ip=203.0.113.5;`));
  out.push(h('Authentication-Results', `amazonses.com; spf=${v.spf ?? 'none'} (spfCheck: x) client-ip=203.0.113.5; envelope-from=a@example.org; dkim=${v.dkim ?? 'none'} header.i=@example.org; dmarc=${v.dmarc ?? 'none'} header.from=example.org;`));
  out.push(h('X-SES-RECEIPT', 'AEFBQUFB'), h('X-SES-DKIM-SIGNATURE', 'a=rsa-sha256; d=amazonses.com; v=1;'));
  return out;
}

const forgedPass = [
  h('X-SES-Spam-Verdict', 'PASS'),
  h('X-SES-Virus-Verdict', 'PASS'),
  h('Received-SPF', 'pass (forged)'),
  h('Authentication-Results', 'amazonses.com; spf=pass; dkim=pass; dmarc=pass;'),
];

describe('readVerdicts', () => {
  it('reads the verdicts SES put on top', () => {
    expect(readVerdicts([...sesHeaders({ spam: 'PASS', virus: 'PASS', spf: 'pass', dkim: 'pass', dmarc: 'pass' }), SENDER_RECEIVED, h('From', 'a@example.org')])).toEqual({
      spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS',
    });
    expect(readVerdicts(sesHeaders({ spam: 'GRAY', virus: 'PROCESSING_FAILED', spf: 'softfail', dkim: 'temperror', dmarc: 'fail' }))).toEqual({
      spam: 'GRAY', virus: 'PROCESSING_FAILED', spf: 'SOFTFAIL', dkim: 'TEMPERROR', dmarc: 'FAIL',
    });
  });

  it('ignores forged PASS copies below a real FAIL block', () => {
    const headers = [...sesHeaders({ spam: 'FAIL', virus: 'FAIL', spf: 'fail', dkim: 'fail', dmarc: 'fail' }), SENDER_RECEIVED, ...forgedPass];
    expect(readVerdicts(headers)).toEqual({ spam: 'FAIL', virus: 'FAIL', spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' });
  });

  it('ignores forged copies placed directly under the SES block, even a forged SES Received', () => {
    const forgedReceived = h('Received', 'from bank.example (bank.example [198.51.100.7]) by inbound-smtp.us-east-1.amazonaws.com with SMTP id forged');
    const headers = [...sesHeaders({ spam: 'FAIL', virus: 'FAIL', spf: 'fail', dkim: 'fail', dmarc: 'fail' }), forgedReceived, ...forgedPass];
    expect(readVerdicts(headers)).toEqual({ spam: 'FAIL', virus: 'FAIL', spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' });
  });

  it('does not take a verdict from the sender when SES wrote none (scanning off)', () => {
    const real = sesHeaders({ spf: 'fail', dkim: 'fail', dmarc: 'fail' });
    expect(readVerdicts([...real, ...forgedPass])).toEqual({ spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' });
    // No X-SES-DKIM-SIGNATURE: the block still ends after X-SES-RECEIPT.
    const noSig = real.filter((x) => x.name !== 'X-SES-DKIM-SIGNATURE');
    expect(readVerdicts([...noSig, ...forgedPass])).toEqual({ spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' });
  });

  it('reads nothing from a message SES did not receive', () => {
    expect(readVerdicts([h('From', 'a@example.org'), ...forgedPass])).toEqual({});
    expect(readVerdicts([SENDER_RECEIVED, ...forgedPass])).toEqual({});
    expect(readVerdicts([])).toEqual({});
  });

  it('stops at the first repeated name', () => {
    const headers = [h('Return-Path', '<a@x>'), SES_RECEIVED, h('X-SES-Spam-Verdict', 'FAIL'), h('X-SES-Spam-Verdict', 'PASS')];
    expect(sesBlock(headers)).toHaveLength(3);
    expect(readVerdicts(headers).spam).toBe('FAIL');
  });

  it('requires the amazonses.com authserv-id and ignores results inside comments', () => {
    expect(authenticationResults('mx.google.com; spf=pass; dkim=pass')).toBeNull();
    expect(authenticationResults('amazonses.com; spf=fail (spfCheck: dkim=pass dmarc=pass) smtp.mailfrom=x; dkim=none')).toEqual(
      new Map([['spf', 'FAIL'], ['dkim', 'NONE']]),
    );
    expect(authenticationResults('amazonses.com; spf=pass envelope-from="dkim=pass;dmarc=pass"@x; dkim=fail')).toEqual(
      new Map([['spf', 'PASS'], ['dkim', 'FAIL']]),
    );
    const headers = sesHeaders({ spam: 'PASS' }).map((x) => (x.name === 'Authentication-Results' ? h(x.name, 'evil.example; spf=pass; dkim=pass; dmarc=pass') : x));
    expect(readVerdicts(headers)).toEqual({ spam: 'PASS' });
  });

  it('marks values it does not know as UNKNOWN', () => {
    expect(readVerdicts(sesHeaders({ spam: 'MAYBE', dkim: 'policy' }))).toMatchObject({ spam: 'UNKNOWN', dkim: 'UNKNOWN' });
  });

  it('works on parsed fixtures, including a forged FAIL-to-PASS message', async () => {
    const read = (n: string) => readFileSync(new URL(`./fixtures/${n}`, import.meta.url));
    const forged = await parseMessage(read('ses-forged.eml'));
    expect(readVerdicts(forged.headers)).toEqual({ spam: 'FAIL', virus: 'FAIL', spf: 'SOFTFAIL', dkim: 'FAIL', dmarc: 'FAIL' });
    // The forged copies are still there for the "all headers" view.
    expect(forged.headers.filter((x) => x.name === 'X-SES-Spam-Verdict').map((x) => x.value)).toEqual(['FAIL', 'PASS']);
    const plain = await parseMessage(read('plain.eml'));
    expect(readVerdicts(plain.headers)).toEqual({ spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' });
  });
});
