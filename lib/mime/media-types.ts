import 'server-only';

// The few file types worth naming when a sender gave none (or gave application/octet-stream).

const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  json: 'application/json',
  xml: 'application/xml',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  txt: 'text/plain',
  csv: 'text/csv',
  htm: 'text/html',
  html: 'text/html',
  ics: 'text/calendar',
  vcf: 'text/vcard',
  eml: 'message/rfc822',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
  heic: 'image/heic',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
};

const EXTENSION_BY_TYPE: Record<string, string> = Object.fromEntries(
  Object.entries(BY_EXTENSION)
    .filter(([ext]) => !['htm', 'jpeg', 'tif'].includes(ext))
    .map(([ext, type]) => [type, ext]),
);

export function typeFromFilename(filename: string): string | null {
  const m = /\.([a-z0-9]{1,8})$/i.exec(filename);
  return m?.[1] ? (BY_EXTENSION[m[1].toLowerCase()] ?? null) : null;
}

export function extensionForType(contentType: string): string {
  return EXTENSION_BY_TYPE[contentType] ?? 'bin';
}

// Images a browser renders without running anything. SVG is left out: opened directly from the
// app's origin it is a document that can carry script.
const SAFE_INLINE_IMAGES = new Set(['image/png', 'image/jpeg', 'image/pjpeg', 'image/gif', 'image/webp', 'image/bmp', 'image/avif', 'image/x-icon', 'image/vnd.microsoft.icon']);

export function isSafeInlineImage(contentType: string): boolean {
  return SAFE_INLINE_IMAGES.has(contentType.toLowerCase());
}
