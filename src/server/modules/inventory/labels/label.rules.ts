import type { LabelLayout, LabelSheet } from '../../../../contracts/index.ts';
import { labelsPerPage, labelStocks, type LabelStock } from './label-stocks.ts';

/** What a label shows about a device (read with one query; no other I/O). */
export interface LabelDevice {
  id: string;
  assetTag: string;
  serialNumber: string | null;
  manufacturerName: string;
  modelNumber: string;
  modelName: string;
  siteName: string;
  organizationName: string;
}

/** The text and QR payload of one label, ready to draw. */
export interface LabelContent {
  header: string;
  tag: string;
  details: string[];
  qrPayload: string;
}

/**
 * Where a label's QR code leads. Today the device's page; the public problem-report page will bring its own
 * target, so callers pass the function rather than a URL pattern.
 */
export type QrTarget = (device: Pick<LabelDevice, 'id' | 'assetTag'>, baseUrl: string) => string;

export const devicePageTarget: QrTarget = (device, baseUrl) =>
  `${baseUrl.replace(/\/+$/, '')}/inventory/devices/${encodeURIComponent(device.id)}`;

/** `single` prints one label per page on the thermal stock; `sheet` fills the chosen sheet. */
export function resolveStock(layout: LabelLayout, sheet: LabelSheet): LabelStock {
  return layout === 'single' ? labelStocks.thermal_2_25x1_25 : labelStocks[sheet];
}

export function labelContent(device: LabelDevice, qrTarget: QrTarget, baseUrl: string): LabelContent {
  const org = device.organizationName.trim();
  const site = device.siteName.trim();
  const header = !site || site === org ? org : !org ? site : `${org} · ${site}`;
  const details = [
    `${device.manufacturerName} ${device.modelName}`.trim(),
    `Model ${device.modelNumber}`,
    device.serialNumber ? `S/N ${device.serialNumber}` : 'S/N —',
  ];
  return { header, tag: device.assetTag, details, qrPayload: qrTarget(device, baseUrl) };
}

export interface Placement {
  page: number;
  x: number;
  y: number;
}

/**
 * Positions of `count` labels on the stock, row by row, after skipping the first `skip` positions (labels already
 * peeled off a partly used sheet).
 */
export function placeLabels(count: number, stock: LabelStock, skip = 0): Placement[] {
  const perPage = labelsPerPage(stock);
  const out: Placement[] = [];
  for (let i = 0; i < count; i++) {
    const slot = i + skip;
    const onPage = slot % perPage;
    const row = Math.floor(onPage / stock.columns);
    const column = onPage % stock.columns;
    out.push({
      page: Math.floor(slot / perPage),
      x: stock.origin.x + column * stock.pitch.x,
      y: stock.origin.y + row * stock.pitch.y,
    });
  }
  return out;
}

/** Windows-1252 characters outside Latin-1 that the PDF standard fonts can still draw. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * The built-in PDF fonts draw only Windows-1252 text; anything else (and control characters) becomes "?" rather
 * than a wrong glyph, so a label never shows a misleading character.
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const c = ch.codePointAt(0) ?? 0;
    const printable = (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch);
    out += printable ? ch : c === 0x09 || c === 0x0a || c === 0x0d ? ' ' : '?';
  }
  return out;
}

/**
 * The longest prefix of `text` (with an ellipsis when cut) whose width fits. `width` measures a string in the
 * font and size being drawn.
 */
export function fitWithEllipsis(text: string, maxWidth: number, width: (s: string) => number): string {
  if (width(text) <= maxWidth) return text;
  // Code points, so a surrogate pair is never cut in half.
  const chars = Array.from(text);
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (width(`${chars.slice(0, mid).join('')}…`) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '…' : `${chars.slice(0, lo).join('')}…`;
}

/** The largest font size between min and max (in half points) at which `text` fits, or min. */
export function fitFontSize(
  text: string,
  maxWidth: number,
  range: { min: number; max: number },
  widthAtSize: (s: string, size: number) => number,
): number {
  for (let size = range.max; size > range.min; size -= 0.5) {
    if (widthAtSize(text, size) <= maxWidth) return size;
  }
  return range.min;
}
