import { describe, expect, it } from 'vitest';
import { safeReturnTo } from './return-to';

const APP = 'https://mail.example.com';

describe('safeReturnTo', () => {
  it.each([
    ['/ok?x=1', '/ok?x=1'],
    ['/support', '/support'],
    ['/support/abc?tab=html#part', '/support/abc?tab=html#part'],
    ['https://mail.example.com/billing/abc?x=1', '/billing/abc?x=1'],
    ['/a/../b', '/b'],
    ['/%2Fsupport', '/%2Fsupport'],
  ])('keeps %j as %j', (input, expected) => {
    expect(safeReturnTo(input, APP)).toBe(expected);
  });

  it.each([
    '/\\evil.com',
    '/\\/evil.com',
    '\\\\evil.com',
    '/\t/evil.com',
    '/\n/evil.com',
    '/\r\n/evil.com',
    '/\u0000/evil.com',
    '/\u007f/evil.com',
    ' //evil.com',
    '\t//evil.com',
    '//evil.com',
    '///evil.com',
    '/.//evil.com',
    '/./\\evil.com',
    '/%5Cevil',
    '/%5cevil',
    '/%09/evil.com',
    '/%0a/evil.com',
    '/%00',
    'https://evil.com',
    'https://evil.com/ok',
    'http://mail.example.com/',
    'https://mail.example.com.evil.com/',
    'https://mail.example.com@evil.com/',
    'https://user:pw@mail.example.com/',
    'HTTPS://EVIL.COM',
    'https:evil.com',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'support',
    '?x=1',
    '#top',
    '',
    null,
    undefined,
    `/${'a'.repeat(3000)}`,
  ])('refuses %j', (input) => {
    expect(safeReturnTo(input, APP)).toBe('/');
  });

  it('without an app URL it still only keeps absolute paths', () => {
    expect(safeReturnTo('/support', undefined)).toBe('/support');
    expect(safeReturnTo('//evil.com', undefined)).toBe('/');
    expect(safeReturnTo('https://evil.com/', undefined)).toBe('/');
  });

  it('whatever it returns, a browser resolves it to the app origin', () => {
    const nasty = ['/\\evil.com', '/\t/evil.com', '//evil.com', '/%5Cevil', 'https://evil.com', '/ok?x=1', '/.//evil.com', '/..//evil.com'];
    for (const input of nasty) {
      const out = safeReturnTo(input, APP);
      expect(new URL(out, APP).origin, input).toBe(APP);
      expect(out.startsWith('//'), input).toBe(false);
    }
  });
});
