import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log';

describe('logger', () => {
  it('writes JSON lines and hides token and credential fields even when logged by mistake', () => {
    const lines: string[] = [];
    const logger = createLogger(new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) }));
    logger.info({ auth: { idToken: 'eyJ.secret', refreshToken: 'rt-1', credentials: { secretAccessKey: 'abc' } }, mail: { subject: 'Salary review' } }, 'x');
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ app: 'sesame', msg: 'x', auth: { idToken: '[redacted]', refreshToken: '[redacted]', credentials: '[redacted]' }, mail: { subject: '[redacted]' } });
    expect(lines.join('')).not.toMatch(/eyJ\.secret|rt-1|"abc"|Salary/);
  });
});
