import 'server-only';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage } from './parse';
import { summaryFromHead } from './summary';
import { readVerdicts } from './verdicts';

const raw = readFileSync(new URL('./fixtures/ses-forged.eml', import.meta.url));

// The list marks spam, virus and authentication failures before a message is opened, so the
// summary must carry the same verdicts the message view reads, and only SES's own copies.
describe('summaryFromHead verdicts', () => {
  it('are the message view’s verdicts, from SES’s block only', async () => {
    const full = readVerdicts((await parseMessage(raw)).headers);
    expect(Object.keys(full).length).toBeGreaterThan(0);
    expect(summaryFromHead(raw, { complete: true }).verdicts).toEqual(full);
  });

  it('survive a head cut in the middle of the body or the header block', async () => {
    const full = readVerdicts((await parseMessage(raw)).headers);
    const headerEnd = raw.indexOf('\r\n\r\n');
    expect(summaryFromHead(raw.subarray(0, headerEnd + 10), { complete: false }).verdicts).toEqual(full);
    // Cut after SES's block but inside the sender's headers.
    const afterBlock = raw.indexOf('\r\nFrom:');
    if (afterBlock > 0) expect(summaryFromHead(raw.subarray(0, afterBlock + 4), { complete: false }).verdicts).toEqual(full);
  });
});
