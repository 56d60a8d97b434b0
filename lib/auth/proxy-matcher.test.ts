import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import { describe, expect, it } from 'vitest';
import { config } from '@/proxy';

// proxy.ts gives every page its CSP; its matcher decides what is a page. Next's own matcher
// semantics, through Next's test helper.
const matches = (url: string) => unstable_doesMiddlewareMatch({ config, url });

describe('proxy matcher', () => {
  it.each(['/', '/support', '/support/abc', '/account?tab=groups', '/signin?callbackUrl=%2F', '/favicon-ico', '/faviconxico', '/robots-txt', '/robotsxtxt', '/favicon.ico2', '/favicon.ico/x', '/robots.txt.html', '/_next/imagex'])(
    'gives the page %s its headers',
    (url) => {
      expect(matches(url)).toBe(true);
    },
  );

  it.each(['/api/me', '/api/mailboxes/support/messages', '/_next/static/chunks/app.js', '/_next/image', '/_next/image?url=%2Fx.png&w=64&q=75', '/favicon.ico', '/robots.txt'])(
    'leaves %s alone',
    (url) => {
      expect(matches(url)).toBe(false);
    },
  );
});
