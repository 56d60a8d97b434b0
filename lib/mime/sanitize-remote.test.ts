import { describe, expect, it } from 'vitest';
import { remoteRedirectHeaders, remoteRedirectTarget } from './sanitize-remote';

const image = new Headers({ 'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'image', 'sec-fetch-mode': 'no-cors' });

describe('the referrer-free redirect for remote images', () => {
  it('redirects an image request of the app itself to an http(s) image, without a referrer', () => {
    expect(remoteRedirectTarget('https://cdn.example.org/a.png?x=1', image)).toBe('https://cdn.example.org/a.png?x=1');
    expect(remoteRedirectHeaders('https://cdn.example.org/a.png')).toMatchObject({ location: 'https://cdn.example.org/a.png', 'referrer-policy': 'no-referrer' });
  });

  it('is not an open redirect: navigations, other sites, CORS requests and other schemes are refused', () => {
    const h = (o: Record<string, string>) => new Headers({ 'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'image', 'sec-fetch-mode': 'no-cors', ...o });
    expect(() => remoteRedirectTarget('https://evil.example/', new Headers())).toThrow(/only loads images/);
    expect(() => remoteRedirectTarget('https://evil.example/', h({ 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate' }))).toThrow(/only loads images/);
    expect(() => remoteRedirectTarget('https://evil.example/', h({ 'sec-fetch-site': 'cross-site' }))).toThrow(/only loads images/);
    expect(() => remoteRedirectTarget('https://evil.example/', h({ 'sec-fetch-mode': 'cors' }))).toThrow(/only loads images/);
    for (const bad of ['javascript:alert(1)', '//evil.example/', '/api/logout', 'data:image/png;base64,AA', '', null, `https://x.example/${'a'.repeat(9000)}`]) {
      expect(() => remoteRedirectTarget(bad, image), String(bad)).toThrow(/Only http and https/);
    }
  });
});
