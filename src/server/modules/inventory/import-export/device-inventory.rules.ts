import { quote } from './device-cells.rules.ts';
import type { FieldKey, ModelRef, PreparedDevice, Problem } from './device-import.rules.ts';

/**
 * The checks that need the inventory's answer: duplicates within the file and against the devices already there,
 * and parents that exist and form no cycle. Also the order and history reason the apply writes devices with.
 */

const serialKey = (model: ModelRef, serial: string) =>
  `${model.kind === 'existing' ? model.id : `new:${model.key}`}|${serial.toLowerCase()}`;

/** What the database must be asked about the rows: their tags, serials within existing models, parents. */
export function inventoryKeys(devices: readonly PreparedDevice[]) {
  const fileTags = new Set<string>();
  for (const d of devices) if (d.assetTag) fileTags.add(d.assetTag.toLowerCase());
  const serials: { modelId: string; serial: string }[] = [];
  const parentTags = new Set<string>();
  for (const d of devices) {
    if (d.serialNumber && d.model?.kind === 'existing')
      serials.push({ modelId: d.model.id, serial: d.serialNumber.toLowerCase() });
    const p = d.parentAssetTag?.toLowerCase();
    if (p && !fileTags.has(p)) parentTags.add(p);
  }
  return { tags: [...fileTags], serials, parentTags: [...parentTags] };
}

export interface InventoryFacts {
  /** Lower-case asset tags of the rows that the organization already uses. */
  existingTags: ReadonlySet<string>;
  /** `${modelId}|${lower serial}` already in the inventory. */
  existingSerials: ReadonlySet<string>;
  /** Lower-case tag -> id of devices (visible to the importer) that rows name as parent. */
  parents: ReadonlyMap<string, string>;
}

/**
 * Duplicates within the file and against the inventory (asset tag case-insensitively in the organization; serial
 * number case-insensitively within a model), and parents that exist and form no cycle.
 */
export function checkDuplicatesAndParents(
  devices: readonly PreparedDevice[],
  facts: InventoryFacts,
  columnOf: (field: FieldKey) => string | null,
): Problem[] {
  const problems: Problem[] = [];
  const at = (row: number, field: FieldKey, message: string) =>
    problems.push({ row, column: columnOf(field), field, message });
  const tagRow = new Map<string, number>();
  const serialRow = new Map<string, number>();
  for (const d of devices) {
    if (d.assetTag) {
      const k = d.assetTag.toLowerCase();
      const first = tagRow.get(k);
      if (first !== undefined)
        at(d.row, 'assetTag', `asset tag ${quote(d.assetTag)} is also on row ${first}`);
      else {
        tagRow.set(k, d.row);
        if (facts.existingTags.has(k))
          at(d.row, 'assetTag', `asset tag ${quote(d.assetTag)} is already in the inventory`);
      }
    }
    if (d.serialNumber && d.model) {
      const k = serialKey(d.model, d.serialNumber);
      const first = serialRow.get(k);
      if (first !== undefined)
        at(
          d.row,
          'serialNumber',
          `serial number ${quote(d.serialNumber)} of the same model is also on row ${first}`,
        );
      else {
        serialRow.set(k, d.row);
        if (facts.existingSerials.has(k))
          at(
            d.row,
            'serialNumber',
            `a device of this model with serial number ${quote(d.serialNumber)} is already in the inventory`,
          );
      }
    }
  }
  const parentInFile = new Map<string, string>();
  for (const d of devices) {
    if (!d.parentAssetTag) continue;
    const p = d.parentAssetTag.toLowerCase();
    if (tagRow.has(p)) {
      if (d.assetTag) parentInFile.set(d.assetTag.toLowerCase(), p);
    } else if (!facts.parents.has(p))
      at(
        d.row,
        'parentAssetTag',
        `no device with asset tag ${quote(d.parentAssetTag)} in the inventory or the file`,
      );
  }
  // Parent chains inside the file must end: a cycle would make every device in it its own ancestor.
  for (const d of devices) {
    if (!d.assetTag || !d.parentAssetTag) continue;
    const start = d.assetTag.toLowerCase();
    let cur = parentInFile.get(start);
    for (let steps = 0; cur !== undefined && steps <= parentInFile.size; steps++) {
      if (cur === start) {
        at(d.row, 'parentAssetTag', `parent ${quote(d.parentAssetTag)} leads back to this device (a cycle)`);
        break;
      }
      cur = parentInFile.get(cur);
    }
  }
  return problems;
}

/**
 * Devices in an order where a parent in the file is inserted before its children (a foreign key checked at the
 * end of each insert statement must find the parent already there).
 */
export function parentsFirst<T extends { assetTag: string; parentAssetTag: string | null }>(
  devices: T[],
): T[] {
  const byTag = new Map(devices.map((d) => [d.assetTag.toLowerCase(), d]));
  const depth = new Map<T, number>();
  const depthOf = (d: T): number => {
    let n = 0;
    let cur: T | undefined = d;
    const seen = new Set<T>();
    while (cur?.parentAssetTag) {
      const known = depth.get(cur);
      if (known !== undefined) return n + known;
      seen.add(cur);
      cur = byTag.get(cur.parentAssetTag.toLowerCase());
      if (!cur || seen.has(cur)) break;
      n++;
    }
    return n;
  };
  for (const d of devices) depth.set(d, depthOf(d));
  return [...devices].sort((a, b) => (depth.get(a) ?? 0) - (depth.get(b) ?? 0));
}

/** A device's first lifecycle entry: "Imported from <file> row N (import <id>)", so its row can be traced. */
export const importReasonParts = (fileName: string, importId: string) => ({
  before: `Imported from ${fileName} row `,
  after: ` (import ${importId})`,
});

export const importReason = (fileName: string, row: number, importId: string) => {
  const p = importReasonParts(fileName, importId);
  return `${p.before}${row}${p.after}`;
};
