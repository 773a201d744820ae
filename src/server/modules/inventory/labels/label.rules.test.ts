import { describe, expect, it } from 'vitest';
import { labelStocks, labelsPerPage } from './label-stocks.ts';
import {
  devicePageTarget,
  fitFontSize,
  fitWithEllipsis,
  labelContent,
  placeLabels,
  resolveStock,
  toWinAnsi,
} from './label.rules.ts';

const device = {
  id: '6f1c2b9e-3d4a-4b5c-8d7e-9f0a1b2c3d4e',
  assetTag: 'BME-000123',
  serialNumber: 'SN 42',
  manufacturerName: 'Baxter',
  modelNumber: '35700',
  modelName: 'Sigma Spectrum',
  siteName: 'North Campus',
  organizationName: 'Mercy Health',
};

describe('label rules', () => {
  it('points the QR code at the device page under the base URL', () => {
    expect(devicePageTarget(device, 'https://htm.example.org/')).toBe(
      `https://htm.example.org/inventory/devices/${device.id}`,
    );
    expect(devicePageTarget(device, 'https://example.org/openhtm')).toBe(
      `https://example.org/openhtm/inventory/devices/${device.id}`,
    );
  });

  it('takes the QR target as a function, so other pages can be targeted later', () => {
    const content = labelContent(device, (d, base) => `${base}/report/${d.assetTag}`, 'https://x.test');
    expect(content.qrPayload).toBe('https://x.test/report/BME-000123');
  });

  it('shows organization and site, the tag, model and serial', () => {
    const c = labelContent(device, devicePageTarget, 'https://x.test');
    expect(c.header).toBe('Mercy Health · North Campus');
    expect(c.tag).toBe('BME-000123');
    expect(c.details).toEqual(['Baxter Sigma Spectrum', 'Model 35700', 'S/N SN 42']);
    expect(labelContent({ ...device, siteName: 'Mercy Health' }, devicePageTarget, '').header).toBe(
      'Mercy Health',
    );
    expect(labelContent({ ...device, serialNumber: null }, devicePageTarget, '').details[2]).toBe('S/N —');
  });

  it('places labels row by row and starts a new page when a sheet is full', () => {
    const stock = labelStocks.letter_30;
    const at = placeLabels(31, stock);
    expect(at[0]).toEqual({ page: 0, x: stock.origin.x, y: stock.origin.y });
    expect(at[1]?.x).toBeCloseTo(stock.origin.x + stock.pitch.x);
    expect(at[3]?.y).toBeCloseTo(stock.origin.y + stock.pitch.y);
    expect(at[29]?.page).toBe(0);
    expect(at[30]).toEqual({ page: 1, x: stock.origin.x, y: stock.origin.y });
    const skipped = placeLabels(2, stock, 29);
    expect(skipped.map((p) => p.page)).toEqual([0, 1]);
  });

  it('keeps every label of every stock on its page', () => {
    for (const stock of Object.values(labelStocks)) {
      for (const p of placeLabels(labelsPerPage(stock), stock)) {
        expect(p.x + stock.label.width).toBeLessThanOrEqual(stock.page.width + 0.01);
        expect(p.y + stock.label.height).toBeLessThanOrEqual(stock.page.height + 0.01);
      }
    }
    expect(labelsPerPage(labelStocks.letter_30)).toBe(30);
    expect(labelsPerPage(labelStocks.a4_24)).toBe(24);
    expect(resolveStock('single', 'a4_24').id).toBe('thermal_2_25x1_25');
    expect(resolveStock('sheet', 'a4_24').id).toBe('a4_24');
  });

  it('draws only what the built-in fonts can show', () => {
    expect(toWinAnsi('Hôpital Saint-Éloi – “Nord”')).toBe('Hôpital Saint-Éloi – “Nord”');
    expect(toWinAnsi('医院 A\tB')).toBe('?? A B');
  });

  it('shortens text with an ellipsis and shrinks the tag to fit', () => {
    const width = (s: string) => s.length * 5;
    expect(fitWithEllipsis('short', 100, width)).toBe('short');
    const cut = fitWithEllipsis('a rather long manufacturer name', 60, width);
    expect(cut.endsWith('…')).toBe(true);
    expect(width(cut)).toBeLessThanOrEqual(60);
    const atSize = (s: string, size: number) => s.length * size * 0.6;
    expect(fitFontSize('BME-000123', 200, { min: 7, max: 16 }, atSize)).toBe(16);
    expect(fitFontSize('BME-000123', 60, { min: 7, max: 16 }, atSize)).toBe(10);
    expect(fitFontSize('BME-000123', 1, { min: 7, max: 16 }, atSize)).toBe(7);
  });
});
