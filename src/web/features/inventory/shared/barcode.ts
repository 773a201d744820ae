/**
 * The Barcode Detection API (Chromium on Android and ChromeOS, Safari behind a flag) is not in TypeScript's DOM
 * library yet; these are the parts the scanner uses.
 */
export interface DetectedBarcode {
  rawValue: string;
  format: string;
}

export interface BarcodeDetectorInstance {
  detect(source: CanvasImageSource): Promise<DetectedBarcode[]>;
}

export interface BarcodeDetectorClass {
  new (options?: { formats?: string[] }): BarcodeDetectorInstance;
  getSupportedFormats(): Promise<string[]>;
}

/** UDI carriers: GS1 DataMatrix and QR, GS1-128 (Code 128) and GS1 DataBar, where the browser reads them. */
export const udiBarcodeFormats = [
  'data_matrix',
  'qr_code',
  'code_128',
  'gs1_databar',
  'gs1_databar_expanded',
  'gs1_databar_limited',
] as const;

export function barcodeDetectorClass(): BarcodeDetectorClass | null {
  if (typeof window === 'undefined' || !('BarcodeDetector' in window)) return null;
  return (window as unknown as { BarcodeDetector: BarcodeDetectorClass }).BarcodeDetector;
}

/** True where the camera can be used to scan (a barcode detector and a camera API). */
export function canScanWithCamera(): boolean {
  return barcodeDetectorClass() !== null && typeof navigator.mediaDevices?.getUserMedia === 'function';
}
