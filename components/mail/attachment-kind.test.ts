import { describe, expect, it } from 'vitest';
import { extensionOf, isRisky, isTextPreviewable, kindOf } from './attachment-kind';
import { visibleName } from './format';
import { tabTitle } from './tab-title';
import { claimedDomain, deviations, rowMarks } from './verdict-words';

describe('attachment cards', () => {
  it('take the real (last) extension', () => {
    expect(extensionOf('invoice.pdf.exe')).toBe('exe');
    expect(extensionOf('archive.tar.gz')).toBe('gz');
    expect(extensionOf('README')).toBe('');
    expect(extensionOf('.bashrc')).toBe('');
    expect(extensionOf('C:\\Windows\\evil.SCR')).toBe('scr');
    expect(extensionOf('trailing.exe. ')).toBe('exe');
  });

  it('warn before programs and macro documents, by extension and by type', () => {
    for (const name of ['a.exe', 'a.scr', 'a.js', 'a.vbs', 'a.bat', 'a.cmd', 'a.ps1', 'a.msi', 'a.jar', 'a.docm', 'a.xlsm', 'a.pptm', 'a.iso', 'a.lnk', 'invoice.pdf.exe', 'invoice\u202Efdp.exe', 'A.EXE.'])
      expect(isRisky(name, 'application/octet-stream'), name).toBe(true);
    expect(isRisky('update', 'application/x-msdownload')).toBe(true);
    expect(isRisky('macro', 'application/vnd.ms-excel.sheet.macroEnabled.12')).toBe(true);
    expect(isRisky('run', 'application/javascript')).toBe(true);
    for (const name of ['a.pdf', 'a.docx', 'a.png', 'a.zip', 'a.txt', 'report.exe.pdf']) expect(isRisky(name, 'application/octet-stream'), name).toBe(false);
  });

  it('name a kind for the icon without MIME fragments', () => {
    expect(kindOf('invoice.pdf', 'application/octet-stream')).toBe('pdf');
    expect(kindOf('noname', 'application/pdf')).toBe('pdf');
    expect(kindOf('x.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe('sheet');
    expect(kindOf('x', 'application/x-msdownload')).toBe('file');
  });

  it('preview only plain text as text', () => {
    expect(isTextPreviewable('notes.txt', 'text/plain')).toBe(true);
    expect(isTextPreviewable('page.html', 'text/plain')).toBe(false);
    expect(isTextPreviewable('x.svg', 'image/svg+xml')).toBe(false);
  });

  it('write hidden characters out', () => {
    expect(visibleName('invoice\u202Efdp.exe')).toBe('invoice\\u202Efdp.exe');
    expect(visibleName('a\u200Bb\u0007')).toBe('a\\u200Bb\\u0007');
  });
});

describe('verdicts in words', () => {
  it('marks rows for FAILs only', () => {
    expect(rowMarks({ spam: 'PASS', virus: 'PASS', spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' })).toEqual([]);
    expect(rowMarks({ spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' })).toEqual(['SPF/DKIM/DMARC fail']);
    expect(rowMarks({ spam: 'FAIL', virus: 'FAIL', dkim: 'NONE' })).toEqual(['Virus', 'Spam']);
    expect(rowMarks(undefined)).toEqual([]);
  });

  it('shows what deviates, most serious first', () => {
    expect(deviations({ spam: 'PASS', spf: 'SOFTFAIL', dkim: 'NONE', dmarc: 'FAIL' })).toEqual([
      { key: 'dmarc', status: 'FAIL' },
      { key: 'spf', status: 'SOFTFAIL' },
    ]);
  });

  it('names the claimed domain', () => {
    expect(claimedDomain('no-reply@Bank.Example.com')).toBe('bank.example.com');
    expect(claimedDomain('')).toBeNull();
  });
});

describe('tab title', () => {
  it('names subject, mailbox (and its unread count) and the app', () => {
    expect(tabTitle({ mailbox: 'Support' })).toBe('Support – Sesame');
    expect(tabTitle({ subject: 'Hello', mailbox: 'Support', unread: 3 })).toBe('Hello – Support (3) – Sesame');
    expect(tabTitle({ subject: '', mailbox: 'Support' })).toBe('(no subject) – Support – Sesame');
  });
});
