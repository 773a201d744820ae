/**
 * Which uploads are accepted and how they are served. The type always comes from the bytes; the declared file name
 * only picks between formats that share one container (legacy Office files) and is otherwise display text.
 */
export interface AcceptedType {
  contentType: string;
  /** Extensions that match the type; the first is added to a download name that lacks one of them. */
  extensions: readonly string[];
  /** Only images and PDF are shown in the browser; everything else downloads. */
  inline: boolean;
}

/** Detected (from magic bytes) media type -> how we store and serve it. */
const byDetectedMime: Record<string, AcceptedType> = {
  'application/pdf': { contentType: 'application/pdf', extensions: ['pdf'], inline: true },
  'image/png': { contentType: 'image/png', extensions: ['png'], inline: true },
  'image/apng': { contentType: 'image/apng', extensions: ['png', 'apng'], inline: true },
  'image/jpeg': { contentType: 'image/jpeg', extensions: ['jpg', 'jpeg'], inline: true },
  'image/webp': { contentType: 'image/webp', extensions: ['webp'], inline: true },
  'image/gif': { contentType: 'image/gif', extensions: ['gif'], inline: true },
  'image/heic': { contentType: 'image/heic', extensions: ['heic'], inline: true },
  'image/heic-sequence': { contentType: 'image/heic', extensions: ['heic'], inline: true },
  'image/heif': { contentType: 'image/heif', extensions: ['heif', 'heic'], inline: true },
  'image/heif-sequence': { contentType: 'image/heif', extensions: ['heif', 'heic'], inline: true },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    extensions: ['docx'],
    inline: false,
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extensions: ['xlsx'],
    inline: false,
  },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    extensions: ['pptx'],
    inline: false,
  },
  'application/vnd.oasis.opendocument.text': {
    contentType: 'application/vnd.oasis.opendocument.text',
    extensions: ['odt'],
    inline: false,
  },
  'application/vnd.oasis.opendocument.spreadsheet': {
    contentType: 'application/vnd.oasis.opendocument.spreadsheet',
    extensions: ['ods'],
    inline: false,
  },
  'application/vnd.oasis.opendocument.presentation': {
    contentType: 'application/vnd.oasis.opendocument.presentation',
    extensions: ['odp'],
    inline: false,
  },
  'application/rtf': { contentType: 'application/rtf', extensions: ['rtf'], inline: false },
};

/** Legacy Office files share one container format (CFB); its other uses (installers, mail) are refused. */
const legacyOfficeByExtension: Record<string, AcceptedType> = {
  doc: { contentType: 'application/msword', extensions: ['doc'], inline: false },
  xls: { contentType: 'application/vnd.ms-excel', extensions: ['xls'], inline: false },
  ppt: { contentType: 'application/vnd.ms-powerpoint', extensions: ['ppt'], inline: false },
};

const PLAIN_TEXT: AcceptedType = {
  contentType: 'text/plain; charset=utf-8',
  extensions: ['txt', 'text', 'log', 'csv'],
  inline: false,
};

export type Classification = { ok: true; type: AcceptedType } | { ok: false; detected: string };

/** Lower-case extension of a file name, without the dot ('' when none). */
export const extensionOf = (fileName: string): string => {
  const m = /\.([A-Za-z0-9]{1,10})$/.exec(fileName);
  return m?.[1]?.toLowerCase() ?? '';
};

// Markup a browser would render as a page or script-capable image if it ever reached one inline.
const MARKUP_START = /^<(?:\?xml|!doctype|!--|html|head|body|script|iframe|svg|meta|title|style|div|a\s)/i;

/** Control characters other than tab, line breaks and form feed mean binary data, not text. */
function hasBinaryControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f) return true;
  }
  return false;
}

/**
 * Bytes with no recognizable signature are accepted only as plain UTF-8 text. Markup (HTML, SVG, XML) is named
 * so the refusal says what was seen.
 */
function classifyText(bytes: Uint8Array): Classification {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, detected: 'application/octet-stream' };
  }
  if (hasBinaryControl(text)) return { ok: false, detected: 'application/octet-stream' };
  const head = text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 4096);
  if (MARKUP_START.test(head)) {
    if (/<svg[\s>]/i.test(head)) return { ok: false, detected: 'image/svg+xml' };
    if (/^<\?xml/i.test(head) && !/<html[\s>]/i.test(head)) return { ok: false, detected: 'application/xml' };
    return { ok: false, detected: 'text/html' };
  }
  return { ok: true, type: PLAIN_TEXT };
}

/**
 * Decides from the detected signature (file-type's answer, `undefined` when it found none) and the bytes whether
 * an upload is accepted, and as what.
 */
export function classifyUpload(
  detected: { mime: string } | undefined,
  bytes: Uint8Array,
  declaredFileName: string,
): Classification {
  if (!detected) return classifyText(bytes);
  const known = byDetectedMime[detected.mime];
  if (known) return { ok: true, type: known };
  if (detected.mime === 'application/x-cfb') {
    const legacy = legacyOfficeByExtension[extensionOf(declaredFileName)];
    if (legacy) return { ok: true, type: legacy };
  }
  return { ok: false, detected: detected.mime };
}

/** What the upload endpoints accept, for messages and documentation. */
export const acceptedDescription =
  'PDF, PNG, JPEG, WebP, GIF, HEIC/HEIF, plain text (UTF-8), and Office documents (Word, Excel, PowerPoint, OpenDocument, RTF)';

// Bidirectional overrides can make "report‮fdp.exe" read as "report.exe.pdf"; control characters break headers.
const isUnsafeNameChar = (c: number) =>
  c <= 0x1f ||
  (c >= 0x7f && c <= 0x9f) ||
  c === 0x200e ||
  c === 0x200f ||
  (c >= 0x202a && c <= 0x202e) ||
  (c >= 0x2066 && c <= 0x2069);

/** The declared file name reduced to a bare, printable name (never a path); kept only for display. */
export function cleanFileName(declared: string | undefined, fallback: string): string {
  const base = (declared ?? '').split(/[\\/]/).pop() ?? '';
  const printable = Array.from(base)
    .filter((ch) => !isUnsafeNameChar(ch.codePointAt(0) ?? 0))
    .join('');
  const cleaned = printable.trim().replace(/^\.+/, '').slice(0, 255).trim();
  return cleaned || fallback;
}

/**
 * The name a download is saved under: the stored name, with the detected type's extension added when the name
 * claims another one (a PNG named "x.html" downloads as "x.html.png", so it never opens as a page).
 */
export function downloadName(fileName: string, type: Pick<AcceptedType, 'extensions'>): string {
  const ext = extensionOf(fileName);
  return type.extensions.includes(ext) ? fileName : `${fileName}.${type.extensions[0] ?? 'bin'}`;
}

/** A Content-Disposition value with an ASCII fallback and the exact UTF-8 name (RFC 6266, RFC 8187). */
export function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7E]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The type a stored document is served as (looked up from its stored content type). */
export function servedType(contentType: string): AcceptedType {
  for (const t of [...Object.values(byDetectedMime), ...Object.values(legacyOfficeByExtension), PLAIN_TEXT]) {
    if (t.contentType === contentType) return t;
  }
  // Unknown stored types (none today) are never shown in the browser.
  return { contentType: 'application/octet-stream', extensions: ['bin'], inline: false };
}
