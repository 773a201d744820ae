import type { ReadStream } from 'node:fs';
import { fileTypeFromBuffer } from 'file-type';
import type {
  DocumentInfo,
  RetireDocumentRequest,
  UploadDocumentQuery,
} from '../../../../contracts/index.ts';
import type { Permission } from '../../../../contracts/index.ts';
import { permittedSiteIds, requirePermission, type Actor } from '../../../platform/actor.ts';
import { recordAudit } from '../../../platform/audit/audit.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { Db, DbOrTx } from '../../../platform/db/database.ts';
import { AppError, notFound } from '../../../platform/errors.ts';
import type { FileStore } from './document-files.ts';
import {
  acceptedDescription,
  classifyUpload,
  cleanFileName,
  downloadName,
  servedType,
} from './document-types.rules.ts';
import * as q from './documents.queries.ts';

export type DocumentOwner = { deviceId: string } | { modelId: string };

export const toDocumentInfo = (r: q.DocumentRow): DocumentInfo => ({
  id: r.id,
  kind: r.kind as DocumentInfo['kind'],
  title: r.title,
  documentVersion: r.documentVersion,
  fileName: r.fileName,
  contentType: r.contentType,
  sizeBytes: r.sizeBytes,
  sha256: r.sha256,
  uploadedBy: r.uploadedBy,
  createdAt: r.createdAt.toISOString(),
  deviceId: r.deviceId,
  modelId: r.modelId,
  retiredAt: r.retiredAt ? r.retiredAt.toISOString() : null,
});

export interface DocumentContent {
  info: DocumentInfo;
  stream: ReadStream;
  contentType: string;
  /** Whether the browser may show it (images and PDF) rather than download it. */
  inline: boolean;
  downloadName: string;
}

const formatMb = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;

/**
 * Documents and photos of devices and models. Bytes go to the content-addressed file store before the
 * transaction; the row and its audit event commit together.
 */
export function createDocumentsService(deps: {
  db: Db;
  clock: Clock;
  files: FileStore;
  maxUploadBytes: number;
}) {
  const { db, clock, files, maxUploadBytes } = deps;

  const siteVisible = (actor: Actor, siteId: string) => {
    const ids = permittedSiteIds(actor);
    return ids === undefined || ids.includes(siteId);
  };

  /** Device documents follow the device's site scope; model documents are the organization's catalog. */
  const writePermission = (owner: DocumentOwner): Permission =>
    'deviceId' in owner ? 'inventory.manage' : 'catalog.manage';

  async function assertOwnerVisible(tx: DbOrTx, actor: Actor, owner: DocumentOwner): Promise<void> {
    if ('deviceId' in owner) {
      const device = await q.findDeviceOwner(tx, actor.organizationId, owner.deviceId);
      if (!device || !siteVisible(actor, device.siteId)) throw notFound('Device');
    } else {
      const model = await q.findModelOwner(tx, actor.organizationId, owner.modelId);
      if (!model) throw notFound('Model');
    }
  }

  async function findVisible(tx: DbOrTx, actor: Actor, id: string) {
    const found = await q.findDocument(tx, actor.organizationId, id);
    if (!found || (found.deviceSiteId !== null && !siteVisible(actor, found.deviceSiteId))) {
      throw notFound('Document');
    }
    return found.doc;
  }

  async function listDocuments(actor: Actor, owner: DocumentOwner): Promise<{ items: DocumentInfo[] }> {
    requirePermission(actor, 'inventory.read');
    await assertOwnerVisible(db, actor, owner);
    const rows = await q.listDocuments(db, actor.organizationId, owner);
    return { items: rows.map(toDocumentInfo) };
  }

  async function uploadDocument(
    actor: Actor,
    owner: DocumentOwner,
    input: UploadDocumentQuery,
    body: Uint8Array | undefined,
  ): Promise<DocumentInfo> {
    requirePermission(actor, writePermission(owner));
    // The owner is checked first, so another organization's ids answer 404 whatever was sent.
    await assertOwnerVisible(db, actor, owner);
    const bytes = body ?? new Uint8Array();
    if (bytes.length === 0) {
      throw new AppError('VALIDATION_FAILED', 'The request body is empty; send the file’s bytes', [
        { field: 'body', message: 'is empty' },
      ]);
    }
    if (bytes.length > maxUploadBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE', `The file is larger than ${formatMb(maxUploadBytes)}`, [
        { field: 'body', message: `must be at most ${formatMb(maxUploadBytes)}` },
      ]);
    }
    const fileName = cleanFileName(input.fileName, 'document');
    const detected = await fileTypeFromBuffer(bytes);
    const verdict = classifyUpload(detected, bytes, fileName);
    if (!verdict.ok) {
      throw new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Files of type ${verdict.detected} are not accepted; upload ${acceptedDescription}`,
        [{ field: 'body', message: `is ${verdict.detected}` }],
      );
    }
    const stored = await files.put(bytes);
    return db.transaction(async (tx) => {
      await assertOwnerVisible(tx, actor, owner);
      const row = await q.insertDocument(tx, {
        organizationId: actor.organizationId,
        deviceId: 'deviceId' in owner ? owner.deviceId : null,
        modelId: 'modelId' in owner ? owner.modelId : null,
        kind: input.kind,
        title: input.title || fileName,
        documentVersion: input.documentVersion || null,
        fileName,
        contentType: verdict.type.contentType,
        sizeBytes: stored.sizeBytes,
        sha256: stored.sha256,
        uploadedBy: actor.label,
        createdAt: clock.now(),
      });
      const info = toDocumentInfo(row);
      await recordAudit(tx, actor, clock, {
        action: 'document.uploaded',
        entityType: 'document',
        entityId: row.id,
        after: info,
      });
      return info;
    });
  }

  async function openContent(actor: Actor, id: string): Promise<DocumentContent> {
    requirePermission(actor, 'inventory.read');
    const doc = await findVisible(db, actor, id);
    const stream = await files.openRead(doc.sha256);
    if (!stream) {
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        'The stored file of this document is missing; ask an administrator to restore the files folder',
      );
    }
    const type = servedType(doc.contentType);
    return {
      info: toDocumentInfo(doc),
      stream,
      contentType: type.contentType,
      inline: type.inline,
      downloadName: downloadName(doc.fileName, type),
    };
  }

  async function retireDocument(
    actor: Actor,
    id: string,
    input: RetireDocumentRequest,
  ): Promise<DocumentInfo> {
    requirePermission(actor, 'inventory.manage');
    return db.transaction(async (tx) => {
      const before = await findVisible(tx, actor, id);
      requirePermission(actor, before.deviceId ? 'inventory.manage' : 'catalog.manage');
      if (before.retiredAt) throw new AppError('INVALID_STATE', 'The document is already retired');
      const row = await q.retireDocument(tx, actor.organizationId, id, clock.now());
      if (!row) throw new AppError('INVALID_STATE', 'The document is already retired');
      const info = toDocumentInfo(row);
      await recordAudit(tx, actor, clock, {
        action: 'document.retired',
        entityType: 'document',
        entityId: id,
        before: toDocumentInfo(before),
        after: info,
        reason: input.reason,
      });
      return info;
    });
  }

  return {
    listDocuments,
    uploadDocument,
    openContent,
    retireDocument,
    maxUploadBytes,
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
