import { describe, expect, it } from 'vitest';
import { startupProblems } from './startup';

const good = {
  SESAME_MAILBOXES: JSON.stringify([{ id: 'support', label: 'Support', bucket: 'mail-bucket', prefix: 'support/' }]),
  OIDC_ISSUER: 'https://idp.example.com',
  OIDC_CLIENT_ID: 'sesame',
  OIDC_CLIENT_SECRET: 'secret',
  NEXTAUTH_URL: 'https://mail.example.com',
  NEXTAUTH_SECRET: '0123456789abcdef0123',
};

describe('startupProblems', () => {
  it('accepts a complete configuration', () => {
    expect(startupProblems(good)).toEqual([]);
  });

  it('names each missing or invalid variable on its own line', () => {
    const problems = startupProblems({ ...good, SESAME_MAILBOXES: undefined, NEXTAUTH_URL: 'not a url', SESAME_CONCURRENCY: '0' });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/^SESAME_MAILBOXES: /m);
    expect(problems.join('\n')).toMatch(/^NEXTAUTH_URL: /m);
    expect(problems.join('\n')).toMatch(/^SESAME_CONCURRENCY: /m);
  });

  it('explains bad JSON with an example, and refuses mailbox ids that app routes use', () => {
    expect(startupProblems({ ...good, SESAME_MAILBOXES: '[{' })[0]).toMatch(/SESAME_MAILBOXES: not valid JSON \(example: /);
    const reserved = JSON.stringify([{ id: 'account', label: 'A', bucket: 'mail-bucket' }]);
    expect(startupProblems({ ...good, SESAME_MAILBOXES: reserved })[0]).toMatch(/SESAME_MAILBOXES: must not be one of .*\(at 0\.id\)/);
  });

  it('reports missing sign-in settings', () => {
    expect(startupProblems({ ...good, OIDC_ISSUER: undefined })).toEqual([expect.stringMatching(/^OIDC_ISSUER: required/)]);
  });

  it('refuses SESAME_ROLE_MAP in the old object form, showing the ordered list to write instead', () => {
    const [problem] = startupProblems({ ...good, SESAME_ROLE_MAP: '{"mail-admins":"arn:aws:iam::123456789012:role/SesameAdmin"}' });
    expect(problem).toMatch(/^SESAME_ROLE_MAP: must be an ordered list/);
    expect(problem).toContain('[{"claim":"mail-admins","role":"arn:aws:iam::123456789012:role/SesameAdmin"}]');
    expect(startupProblems({ ...good, SESAME_ROLE_MAP: '[{"claim":"mail-admins","role":"arn:aws:iam::123456789012:role/SesameAdmin"}]' })).toEqual([]);
  });
});
