export { createDocumentsService, type DocumentsService, type DocumentOwner } from './documents.service.ts';
export { documentsRoutes } from './documents.routes.ts';
export { createFileStore, type FileStore } from './document-files.ts';
