import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { LabelStock } from './label-stocks.ts';
import { fitFontSize, fitWithEllipsis, placeLabels, toWinAnsi, type LabelContent } from './label.rules.ts';

const REGULAR = 'Helvetica';
const BOLD = 'Helvetica-Bold';
/** Blank modules kept around the QR symbol inside the label's padding, so scanners find its edges. */
const QR_QUIET_MODULES = 1;
/** The QR square takes at most this share of the label's width; the rest is text. */
const QR_MAX_WIDTH_SHARE = 0.45;
const HEADER_MIN_SCALE = 0.8;
const LABELS_BETWEEN_YIELDS = 10;

export interface RenderOptions {
  title: string;
  createdAt: Date;
  /** Off only for inspecting the output; production PDFs are compressed. */
  compress?: boolean;
}

/**
 * The QR symbol's dark modules as horizontal runs (row, first column, length): one rectangle per run keeps the
 * page's drawing small.
 */
export function qrRuns(payload: string): { size: number; runs: [number, number, number][] } {
  const { modules } = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  const runs: [number, number, number][] = [];
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && modules.get(row, col) === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        runs.push([row, start, col - start]);
        start = -1;
      }
    }
  }
  return { size: modules.size, runs };
}

/** A coordinate as PDF content text: a thousandth of a point is far below any printer's resolution. */
const pt = (n: number) => String(Math.round(n * 1000) / 1000);

function drawQr(doc: PDFKit.PDFDocument, payload: string, x: number, y: number, side: number): void {
  const { size, runs } = qrRuns(payload);
  const module = side / (size + 2 * QR_QUIET_MODULES);
  const ox = x + QR_QUIET_MODULES * module;
  const oy = y + QR_QUIET_MODULES * module;
  // One content write for the whole symbol (a rect() call per run is much slower on a 1,000-label sheet).
  // Runs overlap by a hair so anti-aliased viewers show no seams between rows.
  const ops = runs.map(
    ([row, col, len]) =>
      `${pt(ox + col * module)} ${pt(oy + row * module)} ${pt(len * module)} ${pt(module + 0.05)} re`,
  );
  doc.fillColor('black');
  doc.addContent(ops.join('\n'));
  doc.fill();
  doc.link(x, y, side, side, payload);
}

function drawLabel(
  doc: PDFKit.PDFDocument,
  stock: LabelStock,
  content: LabelContent,
  x: number,
  y: number,
): void {
  const { width, height } = stock.label;
  const pad = stock.padding;
  const qrSide = Math.min(height - 2 * pad, width * QR_MAX_WIDTH_SHARE);
  drawQr(doc, content.qrPayload, x + pad, y + (height - qrSide) / 2, qrSide);

  const tx = x + pad + qrSide + pad;
  const tw = x + width - pad - tx;
  const line = (text: string, font: string, size: number, ty: number) => {
    doc.font(font).fontSize(size);
    const fitted = fitWithEllipsis(toWinAnsi(text), tw, (s) => doc.widthOfString(s));
    doc.text(fitted, tx, ty, { lineBreak: false, width: tw + 1 });
  };

  let ty = y + pad;
  // The header gives up a little size before it gives up characters.
  doc.font(REGULAR);
  const header = toWinAnsi(content.header);
  const headerSize = fitFontSize(
    header,
    tw,
    { min: stock.fonts.header * HEADER_MIN_SCALE, max: stock.fonts.header },
    (s, size) => doc.fontSize(size).widthOfString(s),
  );
  line(header, REGULAR, headerSize, ty);
  ty += stock.fonts.header * 1.3;

  const tag = toWinAnsi(content.tag);
  doc.font(BOLD);
  const tagSize = fitFontSize(tag, tw, { min: stock.fonts.tagMin, max: stock.fonts.tagMax }, (s, size) =>
    doc.fontSize(size).widthOfString(s),
  );
  line(tag, BOLD, tagSize, ty);
  ty += tagSize * 1.15;

  const room = y + height - pad - ty;
  const detailLines = Math.max(0, Math.floor(room / (stock.fonts.detail * 1.25)));
  for (const detail of content.details.slice(0, detailLines)) {
    line(detail, REGULAR, stock.fonts.detail, ty);
    ty += stock.fonts.detail * 1.25;
  }
}

/**
 * Renders labels onto the stock, in order, as one PDF. Yields to the event loop every few labels (each QR
 * symbol costs about a millisecond), so a thousand labels do not stall other requests.
 */
export async function renderLabelsPdf(
  labels: readonly LabelContent[],
  stock: LabelStock,
  options: RenderOptions & { skip?: number },
): Promise<Buffer> {
  const doc = new PDFDocument({
    autoFirstPage: false,
    compress: options.compress ?? true,
    info: {
      Title: options.title,
      Creator: 'OpenHTM',
      Producer: 'OpenHTM',
      CreationDate: options.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const placements = placeLabels(labels.length, stock, options.skip ?? 0);
  let page = -1;
  for (const [i, content] of labels.entries()) {
    const at = placements[i];
    if (!at) break;
    while (page < at.page) {
      doc.addPage({ size: [stock.page.width, stock.page.height], margin: 0 });
      page++;
    }
    drawLabel(doc, stock, content, at.x, at.y);
    if (i % LABELS_BETWEEN_YIELDS === LABELS_BETWEEN_YIELDS - 1)
      await new Promise<void>((r) => setImmediate(r));
  }
  if (page < 0) doc.addPage({ size: [stock.page.width, stock.page.height], margin: 0 });
  doc.end();
  return done;
}
