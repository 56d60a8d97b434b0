import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { settingsSchema } from './config';

describe('README settings table', () => {
  it('documents every setting of the schema', () => {
    const readme = readFileSync('README.md', 'utf8');
    const missing = Object.keys(settingsSchema.shape).filter((name) => !readme.includes(`\`${name}\``) && !(name.startsWith('AWS_ENDPOINT_URL_') && readme.includes('`_' + name.split('_').pop() + '`')));
    expect(missing).toEqual([]);
  });
});
