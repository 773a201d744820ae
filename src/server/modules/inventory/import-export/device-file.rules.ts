import { CsvError, parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { DeviceImportFormat } from '../../../../contracts/index.ts';
import { AppError } from '../../../platform/errors.ts';

/**
 * Reading an uploaded device file (CSV or XLSX) into a header and rows of cells. No I/O: the bytes are already in
 * memory. Rows keep the number a spreadsheet shows (header = row 1 when it is the first line), so every problem
 * can point at the row a person sees; blank rows are dropped but never renumber the rows after them.
 */

/** An Excel error value (#N/A, #REF!...) in a cell: never imported as text. */
export class CellError {
  constructor(readonly code: string) {}
}

export type Cell = string | number | boolean | Date | CellError | null;

export interface SheetRow {
  /** The row number as a spreadsheet shows it. */
  row: number;
  cells: Cell[];
}

export interface Sheet {
  format: DeviceImportFormat;
  columns: string[];
  /** Row number of the header. */
  headerRow: number;
  rows: SheetRow[];
}

/** Above this, a file is refused before any checking: split it (each part still applies whole or not at all). */
export const MAX_IMPORT_ROWS = 200_000;
export const MAX_IMPORT_COLUMNS = 300;

const XLSX_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

const fileProblem = (message: string) =>
  new AppError('VALIDATION_FAILED', message, [{ field: 'file', message }]);

/** The format the bytes are in; the declared type must agree (an XLSX is a ZIP archive, a CSV is text). */
export function detectFormat(bytes: Buffer): DeviceImportFormat {
  if (bytes.subarray(0, 4).equals(XLSX_MAGIC)) return 'xlsx';
  return 'csv';
}

const isBlank = (c: Cell) => c === null || (typeof c === 'string' && c.trim() === '');

/** Export writes `'=...` for a text that begins like a formula; reading it back removes that apostrophe. */
export const restoreNeutralized = (s: string): string => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

/** Header names as the mapping step shows them: trimmed, never blank, unique ("Notes", "Notes (2)"). */
export function uniqueColumnNames(raw: readonly Cell[]): string[] {
  const used = new Set<string>();
  return raw.map((cell, i) => {
    const text = restoreNeutralized((cellText(cell) ?? '').replace(/\s+/g, ' ').trim());
    const base = text.slice(0, 200) || `Column ${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base} (${n})`;
    used.add(name.toLowerCase());
    return name;
  });
}

/** A cell as text, the way the mapping preview shows it. */
export function cellText(cell: Cell): string | null {
  if (cell === null) return null;
  if (cell instanceof CellError) return cell.code;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? null : cell.toISOString().slice(0, 10);
  return String(cell);
}

function toSheet(format: DeviceImportFormat, records: SheetRow[]): Sheet {
  const header = records.find((r) => !r.cells.every(isBlank));
  if (!header) throw fileProblem('The file has no header row and no data');
  const rows = records.filter((r) => r.row > header.row && !r.cells.every(isBlank));
  if (rows.length === 0) throw fileProblem('The file has a header row but no devices under it');
  if (rows.length > MAX_IMPORT_ROWS)
    throw fileProblem(
      `The file has ${rows.length} rows; at most ${MAX_IMPORT_ROWS} are imported at once (split the file)`,
    );
  // A header shorter than its data (trailing unnamed columns) still gets a name for every cell.
  let width = header.cells.length;
  for (const r of rows) width = Math.max(width, r.cells.length);
  if (width > MAX_IMPORT_COLUMNS) throw fileProblem(`The file has more than ${MAX_IMPORT_COLUMNS} columns`);
  const headerCells = [...header.cells, ...Array<Cell>(Math.max(0, width - header.cells.length)).fill(null)];
  return { format, columns: uniqueColumnNames(headerCells), headerRow: header.row, rows };
}

/** UTF-8 (with or without a byte-order mark); a file that is not valid UTF-8 is read as Windows-1252. */
function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The delimiter is the one of `,` `;` tab that occurs most often in the first line (outside quotes). */
export function sniffDelimiter(text: string): string {
  const firstLine = text.slice(0, 64 * 1024).split(/\r?\n/, 1)[0] ?? '';
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => [d, unquoted.split(d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}

export function parseCsv(bytes: Buffer): Sheet {
  if (bytes.subarray(0, 4).equals(OLE_MAGIC))
    throw fileProblem('The file is an Excel 97-2003 workbook (.xls); save it as .xlsx or CSV and send that');
  if (bytes.includes(0))
    throw fileProblem(
      'The file is not CSV text (it contains NUL bytes, as UTF-16 "Unicode text" does); save it as CSV UTF-8 or XLSX',
    );
  const text = decodeText(bytes).replace(/^\uFEFF/, '');
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: sniffDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: false,
      bom: true,
    });
  } catch (err) {
    if (err instanceof CsvError) {
      // csv-parse counts records from 1 and lines from 1; name the line, where a text editor shows it.
      const line = (err as CsvError & { lines?: number }).lines;
      throw fileProblem(`The file is not valid CSV${line ? ` (near line ${line})` : ''}: ${err.message}`);
    }
    throw err;
  }
  // One record is one spreadsheet row (a quoted cell may span lines), so record i is row i + 1.
  return toSheet(
    'csv',
    records.map((cells, i) => ({ row: i + 1, cells })),
  );
}

const EXCEL_ERRORS = /^#(N\/A|VALUE!|REF!|DIV\/0!|NUM!|NAME\?|NULL!|SPILL!|CALC!|GETTING_DATA)$/;

function xlsxCell(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('error' in value) return new CellError(value.error);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('formula' in value || 'sharedFormula' in value) {
      const result = value.result as unknown;
      if (result === undefined || result === null) return null;
      if (typeof result === 'object' && 'error' in result) return new CellError(String(result.error));
      return xlsxCell(result as ExcelJS.CellValue);
    }
    if ('text' in value) {
      const t = (value as { text: unknown }).text;
      if (typeof t === 'string') return t;
      if (t && typeof t === 'object' && 'richText' in t)
        return (t as { richText: { text: string }[] }).richText.map((r) => r.text).join('');
    }
  }
  return null;
}

/**
 * The first worksheet that has data. Cells keep their type: a date cell is a Date (exceljs reads it as UTC
 * midnight, also for 1904-based workbooks), a number stays a number (an Excel serial date when the field is a
 * date), a formula gives its cached result, an error value stays an error.
 */
export async function parseXlsx(bytes: Buffer): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw fileProblem('The file is not a readable XLSX workbook');
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) throw fileProblem('The workbook has no rows');
  if (sheet.actualRowCount > MAX_IMPORT_ROWS + 1)
    throw fileProblem(`The worksheet has more than ${MAX_IMPORT_ROWS} rows; split the file`);
  const records: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[];
    // exceljs row values are 1-based (index 0 is unused).
    const cells: Cell[] = [];
    for (let i = 1; i < values.length; i++) {
      let c = xlsxCell(values[i]);
      if (typeof c === 'string' && EXCEL_ERRORS.test(c.trim())) c = new CellError(c.trim());
      cells.push(c);
    }
    records.push({ row: rowNumber, cells });
  });
  return toSheet('xlsx', records);
}

export async function parseDeviceFile(bytes: Buffer): Promise<Sheet> {
  return detectFormat(bytes) === 'xlsx' ? parseXlsx(bytes) : parseCsv(bytes);
}
