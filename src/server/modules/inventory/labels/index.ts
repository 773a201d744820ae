export { createLabelsService, type LabelsService } from './labels.service.ts';
export { labelsRoutes } from './labels.routes.ts';
export { devicePageTarget, type QrTarget, type LabelDevice } from './label.rules.ts';
export { labelStocks, type LabelStock } from './label-stocks.ts';
