import { describe, expect, it } from 'vitest';
import {
  classifyUpload,
  cleanFileName,
  contentDisposition,
  downloadName,
  servedType,
} from './document-types.rules.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('document types', () => {
  it('accepts the listed formats by their detected signature', () => {
    for (const mime of [
      'application/pdf',
      'image/png',
      'image/jpeg',
      'image/webp',
      'image/gif',
      'image/heic',
    ]) {
      const r = classifyUpload({ mime }, new Uint8Array([1]), 'whatever.bin');
      expect(r.ok && r.type.contentType).toBe(mime);
    }
    const docx = classifyUpload(
      { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
      new Uint8Array([1]),
      'manual.docx',
    );
    expect(docx.ok && docx.type.inline).toBe(false);
  });

  it('refuses other signatures and names them', () => {
    for (const mime of ['application/x-msdownload', 'application/zip', 'application/xml', 'image/svg+xml']) {
      expect(classifyUpload({ mime }, new Uint8Array([1]), 'x.pdf')).toEqual({ ok: false, detected: mime });
    }
  });

  it('tells legacy Office files from other compound files by their name only', () => {
    const doc = classifyUpload({ mime: 'application/x-cfb' }, new Uint8Array([1]), 'IFU rev B.DOC');
    expect(doc.ok && doc.type.contentType).toBe('application/msword');
    expect(classifyUpload({ mime: 'application/x-cfb' }, new Uint8Array([1]), 'setup.msi')).toEqual({
      ok: false,
      detected: 'application/x-cfb',
    });
  });

  it('takes unsigned bytes as plain text only when they are UTF-8 text without markup', () => {
    const text = classifyUpload(undefined, utf8('Service notes\r\n\tBattery replaced.\n'), 'notes.txt');
    expect(text.ok && text.type).toMatchObject({ contentType: 'text/plain; charset=utf-8', inline: false });
    expect(classifyUpload(undefined, utf8('  <!DOCTYPE html><p>hi'), 'a.txt')).toEqual({
      ok: false,
      detected: 'text/html',
    });
    expect(classifyUpload(undefined, utf8('\uFEFF<script>alert(1)</script>'), 'a.txt')).toEqual({
      ok: false,
      detected: 'text/html',
    });
    expect(classifyUpload(undefined, utf8('<?xml version="1.0"?><svg xmlns="x"/>'), 'a.txt')).toEqual({
      ok: false,
      detected: 'image/svg+xml',
    });
    expect(classifyUpload(undefined, utf8('<svg onload="alert(1)">'), 'a.txt')).toEqual({
      ok: false,
      detected: 'image/svg+xml',
    });
    expect(classifyUpload(undefined, new Uint8Array([0x41, 0x00, 0x42]), 'a.txt')).toEqual({
      ok: false,
      detected: 'application/octet-stream',
    });
    expect(classifyUpload(undefined, new Uint8Array([0xff, 0xfe, 0x41]), 'a.txt')).toEqual({
      ok: false,
      detected: 'application/octet-stream',
    });
  });

  it('keeps only a bare, printable file name', () => {
    expect(cleanFileName('../../etc/passwd', 'document')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\bob\\IFU.pdf', 'document')).toBe('IFU.pdf');
    expect(cleanFileName('report\u202Efdp.exe', 'document')).toBe('reportfdp.exe');
    expect(cleanFileName('a\u0000b\nc.pdf', 'document')).toBe('abc.pdf');
    expect(cleanFileName('   ', 'document')).toBe('document');
    expect(cleanFileName(undefined, 'document')).toBe('document');
    expect(cleanFileName('.htaccess', 'document')).toBe('htaccess');
  });

  it('adds the real extension to a download whose name claims another type', () => {
    const png = servedType('image/png');
    expect(downloadName('photo.PNG', png)).toBe('photo.PNG');
    expect(downloadName('evil.html', png)).toBe('evil.html.png');
    expect(downloadName('notes', servedType('text/plain; charset=utf-8'))).toBe('notes.txt');
    expect(servedType('text/html')).toEqual({
      contentType: 'application/octet-stream',
      extensions: ['bin'],
      inline: false,
    });
  });

  it('writes Content-Disposition with an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('attachment', 'Bedienungsanleitung "Ü" 100%.pdf')).toBe(
      `attachment; filename="Bedienungsanleitung ___ 100_.pdf"; filename*=UTF-8''Bedienungsanleitung%20%22%C3%9C%22%20100%25.pdf`,
    );
    expect(contentDisposition('inline', "it's (v2).pdf")).toBe(
      `inline; filename="it's (v2).pdf"; filename*=UTF-8''it%27s%20%28v2%29.pdf`,
    );
  });
});
