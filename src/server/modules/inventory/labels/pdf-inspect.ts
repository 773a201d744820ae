import { inflateSync } from 'node:zlib';
import QRCode from 'qrcode';

/**
 * Just enough PDF reading for tests of the PDFs we write ourselves: page count, the text drawn with the built-in
 * fonts, link targets, and the QR symbol drawn as rectangles. Not a general PDF parser.
 */
export function pageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
}

export function contentStreams(pdf: Buffer): string[] {
  const out: string[] = [];
  let at = 0;
  for (;;) {
    const start = pdf.indexOf('stream\n', at);
    if (start < 0) break;
    const dataStart = start + 'stream\n'.length;
    const end = pdf.indexOf('\nendstream', dataStart);
    if (end < 0) break;
    const dict = pdf.subarray(pdf.lastIndexOf('<<', start), start).toString('latin1');
    const raw = pdf.subarray(dataStart, end);
    try {
      out.push((dict.includes('/FlateDecode') ? inflateSync(raw) : raw).toString('latin1'));
    } catch {
      out.push('');
    }
    at = end + '\nendstream'.length;
  }
  return out;
}

/** Each text-showing operation's string, decoded from the hex pdfkit writes (WinAnsi for the built-in fonts). */
export function textRuns(pdf: Buffer): string[] {
  const runs: string[] = [];
  for (const stream of contentStreams(pdf)) {
    for (const m of stream.matchAll(/\[((?:<[0-9a-fA-F]*>\s*-?[\d.]*\s*)+)\]\s*TJ/g)) {
      const hex = [...(m[1] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('');
      runs.push(Buffer.from(hex, 'hex').toString('latin1'));
    }
  }
  return runs;
}

export function linkTargets(pdf: Buffer): string[] {
  return [...pdf.toString('latin1').matchAll(/\/URI \(([^)]*)\)/g)].map((m) => m[1] ?? '');
}

/**
 * Reads back the QR symbol drawn on a page (its dark modules as rectangles) and says whether it is exactly the
 * symbol that `payload` encodes to.
 */
export function drawnQrMatches(pageStream: string, payload: string): boolean {
  const rects = [...pageStream.matchAll(/(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re/g)].map((m) =>
    m.slice(1, 5).map(Number),
  ) as [number, number, number, number][];
  if (rects.length === 0) return false;
  const module = Math.min(...rects.map((r) => r[3])) - 0.05;
  const ox = Math.min(...rects.map((r) => r[0]));
  const oy = Math.min(...rects.map((r) => r[1]));
  const { modules } = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const drawn = new Uint8Array(modules.size * modules.size);
  for (const [x, y, w] of rects) {
    const row = Math.round((y - oy) / module);
    const col = Math.round((x - ox) / module);
    const len = Math.round(w / module);
    if (row >= modules.size || col + len > modules.size) return false;
    for (let c = col; c < col + len; c++) drawn[row * modules.size + c] = 1;
  }
  for (let r = 0; r < modules.size; r++)
    for (let c = 0; c < modules.size; c++)
      if (drawn[r * modules.size + c] !== modules.get(r, c)) return false;
  return true;
}
