import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkSha256,
  FDA_CLASSIFICATION_DIR,
  loadFdaClassification,
  ReferenceDataError,
  type FdaClassificationTable,
} from './fda-classification.loader.ts';
import type { FdaProductCode } from './fda-classification.rules.ts';

let table: FdaClassificationTable;
const byCode = new Map<string, FdaProductCode>();
const code = (c: string): FdaProductCode | undefined => byCode.get(c);

beforeAll(async () => {
  table = await loadFdaClassification();
  for (const r of table.rows) byCode.set(r.productCode, r);
});

describe('the FDA product classification in reference-data/', () => {
  it('loads every product code with its source and edition', () => {
    expect(table.rows.length).toBe(6530);
    expect(byCode.size).toBe(6530);
    expect(table.source).toMatchObject({
      publisher: 'U.S. Food and Drug Administration',
      edition: '2019-07',
      licence: 'public domain (US government work)',
      format: 'pipe-delimited, CRLF, windows-1252',
    });
  });

  it('reads class, regulation number, panel and flags (spot checks against the file)', () => {
    expect(code('BRW')).toMatchObject({
      deviceName: 'Protector, Dental',
      deviceClass: '1',
      regulationNumber: '868.5820',
      reviewPanel: 'AN',
      medicalSpecialty: 'AN',
      implant: false,
      lifeSustainSupport: false,
      submissionTypeId: '4',
    });
    // line 101: a life-sustaining device; line 834: an implant; line 1019: both, with no regulation.
    expect(code('CBK')).toMatchObject({
      deviceClass: '2',
      regulationNumber: '868.5895',
      lifeSustainSupport: true,
    });
    expect(code('DXY')).toMatchObject({
      deviceName: 'Implantable Pacemaker Pulse-Generator',
      deviceClass: '3',
      regulationNumber: '870.3610',
      reviewPanel: 'CV',
      implant: true,
    });
    expect(code('LWS')).toMatchObject({ implant: true, lifeSustainSupport: true, regulationNumber: null });
  });

  it('keeps the codes that are odd in the file', () => {
    // line 231: HDE written as lower-case f; line 6323: a radiation-emitting product with no review panel;
    // line 3155: a regulation outside 21 CFR 862-892 (Part 640, blood products).
    expect(code('OAZ')).toMatchObject({ deviceClass: 'F', submissionTypeId: '6', implant: true });
    expect(code('RAA')).toMatchObject({ deviceClass: 'N', reviewPanel: null, submissionTypeId: null });
    expect(code('QHM')?.regulationNumber).toBe('640.5000');
    const classes = new Map<string, number>();
    for (const r of table.rows) classes.set(r.deviceClass, (classes.get(r.deviceClass) ?? 0) + 1);
    expect(Object.fromEntries(classes)).toEqual({ '1': 2370, '2': 3219, '3': 480, N: 310, U: 105, F: 46 });
    expect(table.rows.filter((r) => r.lifeSustainSupport)).toHaveLength(200);
    expect(table.rows.filter((r) => r.implant)).toHaveLength(633);
  });

  it('decodes windows-1252 characters', () => {
    // line 6037 byte 0xFC; line 201 byte 0x92 (right single quotation mark); line 2803 bytes 0x93/0x94/0x96.
    expect(code('PQO')?.deviceName).toBe('Anti-Müllerian Hormone Test System');
    expect(code('PNV')?.technicalMethod).toContain('at the patient’s mouth during spontaneous breathing');
    expect(code('QEH')?.technicalMethod).toContain(
      '“Small bore connectors for liquids and gases in healthcare applications – Part 6',
    );
    // line 672: FDA meant β (not in windows-1252); the file holds ß (0xDF), and that is what is read.
    expect(code('PQV')?.deviceName).toBe('ß-Glucocerebrosidase (Gba) Newborn Screening Test System');
    const c1 = table.rows.filter((r) => /[\u0080-\u009f]/.test(JSON.stringify(r)));
    expect(c1).toEqual([]);
  });
});

describe('the SHA-256 check', () => {
  it('accepts the file as recorded and catches any change to it', async () => {
    const bytes = new Uint8Array(await readFile(new URL('foiclass.txt', FDA_CLASSIFICATION_DIR)));
    const { sha256 } = table.source;
    expect(checkSha256(bytes, sha256, 'foiclass.txt')).toBeNull();

    const oneByte = bytes.slice();
    oneByte[500] = (oneByte[500] ?? 0) ^ 0x01;
    expect(checkSha256(oneByte, sha256, 'foiclass.txt')).toMatch(
      /^foiclass\.txt was changed: its SHA-256 is/,
    );

    // What git's line-ending conversion or an editor's "save as UTF-8" would do.
    const lf = new TextEncoder().encode(new TextDecoder('latin1').decode(bytes).replaceAll('\r\n', '\n'));
    expect(checkSha256(lf, sha256, 'foiclass.txt')).toContain('was changed');
  });

  it('makes the loader refuse a changed copy', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'openhtm-fda-'));
    try {
      const original = await readFile(new URL('foiclass.txt', FDA_CLASSIFICATION_DIR));
      await writeFile(join(dir, 'foiclass.txt'), Buffer.concat([original, Buffer.from('\r\n')]));
      await writeFile(join(dir, 'source.json'), JSON.stringify(table.source));
      const url = pathToFileURL(`${dir}/`);
      await expect(loadFdaClassification(url)).rejects.toThrow(ReferenceDataError);
      await expect(loadFdaClassification(url)).rejects.toThrow(/foiclass\.txt was changed/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
