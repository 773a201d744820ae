/**
 * Label stock as data: page size, label size, grid, and where the first label sits. All lengths are in PDF
 * points (1/72 in). A new sheet product is one more entry here, not new drawing code.
 */
export interface LabelStock {
  id: LabelStockId;
  name: string;
  page: { width: number; height: number };
  label: { width: number; height: number };
  columns: number;
  rows: number;
  /** Top-left corner of the first label on the page. */
  origin: { x: number; y: number };
  /** Distance from one label's top-left corner to the next one's, across and down. */
  pitch: { x: number; y: number };
  /** Blank border inside each label: printers and die-cut edges are not exact. */
  padding: number;
  /** Font sizes: the asset tag shrinks from `tagMax` down to `tagMin` to fit its line. */
  fonts: { header: number; detail: number; tagMax: number; tagMin: number };
}

export const labelStockIds = ['thermal_2_25x1_25', 'letter_30', 'a4_24'] as const;
export type LabelStockId = (typeof labelStockIds)[number];

const inch = (n: number) => n * 72;
const mm = (n: number) => (n * 72) / 25.4;

export const labelStocks: Record<LabelStockId, LabelStock> = {
  // The common thermal-transfer asset label: one label per page, the page is the label.
  thermal_2_25x1_25: {
    id: 'thermal_2_25x1_25',
    name: 'Thermal label 2.25 × 1.25 in',
    page: { width: inch(2.25), height: inch(1.25) },
    label: { width: inch(2.25), height: inch(1.25) },
    columns: 1,
    rows: 1,
    origin: { x: 0, y: 0 },
    pitch: { x: inch(2.25), y: inch(1.25) },
    padding: 6,
    fonts: { header: 6.5, detail: 6.5, tagMax: 18, tagMin: 8 },
  },
  // US Letter, 30 per sheet, 2 5/8 × 1 in (Avery 5160 and compatibles).
  letter_30: {
    id: 'letter_30',
    name: 'US Letter, 30 per sheet (2⅝ × 1 in, Avery 5160 layout)',
    page: { width: inch(8.5), height: inch(11) },
    label: { width: inch(2.625), height: inch(1) },
    columns: 3,
    rows: 10,
    origin: { x: inch(0.1875), y: inch(0.5) },
    pitch: { x: inch(2.75), y: inch(1) },
    padding: 5,
    fonts: { header: 6, detail: 6, tagMax: 16, tagMin: 7 },
  },
  // A4, 24 per sheet, 63.5 × 33.9 mm (Avery L7159 layout).
  a4_24: {
    id: 'a4_24',
    name: 'A4, 24 per sheet (63.5 × 33.9 mm, Avery L7159 layout)',
    page: { width: mm(210), height: mm(297) },
    label: { width: mm(63.5), height: mm(33.9) },
    columns: 3,
    rows: 8,
    origin: { x: mm(7.25), y: mm(12.9) },
    pitch: { x: mm(66), y: mm(33.9) },
    padding: 6,
    fonts: { header: 6.5, detail: 6.5, tagMax: 17, tagMin: 7 },
  },
};

export const labelsPerPage = (stock: LabelStock): number => stock.columns * stock.rows;
