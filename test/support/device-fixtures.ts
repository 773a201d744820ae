/**
 * Devices written straight to the tables for suites outside the inventory module (work orders, notifications):
 * the module graph lets src/ modules reach inventory only through its index, so tests take these from here.
 */
export { seedDevice, seedModel } from '../../src/server/modules/inventory/labels/test-fixtures.ts';
