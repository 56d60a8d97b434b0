import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactDeep } from './log';

function capture() {
  const lines: string[] = [];
  const logger = createLogger(new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) }));
  const parsed = () => lines.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, lines, parsed };
}

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';
const SECRETS = /eyJ\.secret|eyJhbGci|rt-1|wJalrXUtnFEMI|FwoGZXIvYXdz|Salary|hunter2|sess-cookie-value|Bearer abc/;

describe('logger', () => {
  it('writes JSON lines and hides token and credential fields even when logged by mistake', () => {
    const { logger, lines, parsed } = capture();
    logger.info({ auth: { idToken: 'eyJ.secret', refreshToken: 'rt-1', credentials: { secretAccessKey: 'abc' } }, mail: { subject: 'Salary review' } }, 'x');
    expect(parsed()[0]).toMatchObject({ app: 'sesame', msg: 'x', auth: { idToken: '[redacted]', refreshToken: '[redacted]', credentials: '[redacted]' }, mail: { subject: '[redacted]' } });
    expect(lines.join('')).not.toMatch(SECRETS);
  });

  it('redacts at any depth, inside arrays, whatever the spelling of the name', () => {
    const { logger, lines, parsed } = capture();
    logger.info(
      {
        a: { b: { c: { d: { e: { f: { session: { id_token: JWT, 'x-amz-security-token': 'FwoGZXIvYXdz', AccessToken: 'at' } } } } } } },
        list: [{ role: 'r', creds: [{ SecretAccessKey: 'wJalrXUtnFEMI/K7MDENG', AccessKeyId: 'ASIAEXAMPLE' }] }],
        headers: { Cookie: 'next-auth.session-token=sess-cookie-value', authorization: 'Bearer abc' },
        form: { password: 'hunter2' },
        key: 'support/d6iitobk75ur44p8kdnnp7g2n800',
        kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/k',
      },
      'deep',
    );
    const line = parsed()[0]!;
    expect(lines.join('')).not.toMatch(SECRETS);
    expect(line).toMatchObject({
      a: { b: { c: { d: { e: { f: { session: { id_token: '[redacted]', 'x-amz-security-token': '[redacted]', AccessToken: '[redacted]' } } } } } } },
      list: [{ role: 'r', creds: [{ SecretAccessKey: '[redacted]', AccessKeyId: 'ASIAEXAMPLE' }] }],
      headers: { Cookie: '[redacted]', authorization: '[redacted]' },
      form: { password: '[redacted]' },
      // What may be logged stays.
      key: 'support/d6iitobk75ur44p8kdnnp7g2n800',
      kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/k',
    });
  });

  it('redacts errors carrying credentials, child bindings, and JWTs inside any string', () => {
    const { logger, lines, parsed } = capture();
    const err = Object.assign(new Error(`STS refused the token ${JWT}`), {
      credentials: { accessKeyId: 'ASIA', secretAccessKey: 'wJalrXUtnFEMI' },
      $response: { headers: { authorization: 'Bearer abc', 'set-cookie': ['sess-cookie-value'] } },
    });
    logger.child({ session: { refreshToken: 'rt-1' } }).error({ err, cause: { nested: [err.message] } }, `sign-in failed with ${JWT}`);
    const out = lines.join('');
    expect(out).not.toMatch(SECRETS);
    const line = parsed()[0]!;
    expect(line).toMatchObject({ session: { refreshToken: '[redacted]' }, err: { type: 'Error', credentials: '[redacted]' }, msg: 'sign-in failed with [redacted]' });
    expect(String((line['err'] as { message: string }).message)).toBe('STS refused the token [redacted]');
  });

  it('stays bounded on hostile shapes: very deep nesting and very wide objects', () => {
    let deep: Record<string, unknown> = { idToken: JWT };
    for (let i = 0; i < 5_000; i++) deep = { n: deep };
    const wide = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i]));
    const started = performance.now();
    const outDeep = JSON.stringify(redactDeep(deep));
    const outWide = JSON.stringify(redactDeep(wide));
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(outDeep).not.toContain('eyJhbGci');
    expect(outDeep).toContain('[too deep]');
    expect(outWide).toContain('[truncated]');
    expect(outWide.length).toBeLessThan(200_000);
  });
});
