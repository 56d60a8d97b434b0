import { describe, expect, it } from 'vitest';
import { roleSessionName } from './session-name';

const STS = /^[\w+=,.@-]{2,64}$/;

describe('roleSessionName', () => {
  it('keeps an ordinary email as it is, lower-cased', () => {
    expect(roleSessionName('Alice@Example.com')).toBe('alice@example.com');
    expect(roleSessionName('first.last+mail=x,y@sub.example.co.uk')).toBe('first.last+mail=x,y@sub.example.co.uk');
  });

  it('replaces characters STS does not allow', () => {
    const name = roleSessionName("o'brien #1/ä@example.com");
    expect(name).toBe('o-brien--1--@example.com');
    expect(name).toMatch(STS);
  });

  it('cuts long emails to 64 characters and keeps them distinct', () => {
    const a = roleSessionName(`${'a'.repeat(70)}1@example.com`);
    const b = roleSessionName(`${'a'.repeat(70)}2@example.com`);
    expect(a).toHaveLength(64);
    expect(a).toMatch(STS);
    expect(a).not.toBe(b);
    expect(a.startsWith('a'.repeat(55))).toBe(true);
  });

  it('pads names shorter than two characters', () => {
    expect(roleSessionName('a')).toMatch(STS);
    expect(roleSessionName('')).toMatch(STS);
  });
});
