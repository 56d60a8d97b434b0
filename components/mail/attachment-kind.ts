// What an attachment is, for its card: the real extension (the last one: "invoice.pdf.exe" is an
// .exe), a type for the icon, and whether opening it can run code. Sender-declared MIME types
// are consulted too, because a name may have no extension at all.

export type AttachmentKind = 'pdf' | 'image' | 'text' | 'archive' | 'document' | 'sheet' | 'slides' | 'audio' | 'video' | 'mail' | 'calendar' | 'code' | 'file';

// Programs, scripts, installers, shortcuts, disk images and Office files that can carry macros.
const RISKY_EXTENSIONS = new Set([
  'exe', 'scr', 'com', 'pif', 'cpl', 'msi', 'msp', 'mst', 'dll', 'sys', 'drv', 'ocx',
  'bat', 'cmd', 'ps1', 'psm1', 'psd1', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'wsh', 'wsc', 'hta', 'sct', 'msc',
  'jar', 'jnlp', 'reg', 'inf', 'lnk', 'url', 'scf', 'iso', 'img', 'vhd', 'vhdx', 'appx', 'appxbundle', 'msix', 'msixbundle',
  'application', 'gadget', 'chm', 'hlp', 'settingcontent-ms', 'library-ms', 'xll', 'xlam', 'ppam', 'one',
  'docm', 'dotm', 'xlsm', 'xltm', 'xlsb', 'pptm', 'potm', 'ppsm', 'sldm',
  'sh', 'command', 'app', 'pkg', 'dmg', 'apk', 'deb', 'rpm', 'run', 'bin', 'elf', 'py', 'pyw', 'pl', 'rb',
]);

const RISKY_TYPES = [
  /^application\/(x-)?(ms)?(dos)?-?(exe|executable|msdownload|msdos-program|dosexec|msi|ms-installer|ms-shortcut)$/,
  /^application\/x-(sh|csh|bat|python|perl|ruby|java-archive|java-jnlp-file|iso9660-image|apple-diskimage|msdownload|ms-application|elf|mach-binary)$/,
  /^application\/(java-archive|vnd\.microsoft\.portable-executable|hta|x-ms-shortcut|vnd\.android\.package-archive|x-ole-storage)$/,
  /^(application|text)\/(x-)?(javascript|ecmascript|vbscript|vbs|jscript|powershell)$/,
  /^application\/vnd\.ms-[a-z0-9.-]*macroenabled/,
];

const BY_EXTENSION: Record<string, AttachmentKind> = {
  pdf: 'pdf',
  png: 'image', jpg: 'image', jpeg: 'image', gif: 'image', webp: 'image', bmp: 'image', avif: 'image', svg: 'image', tif: 'image', tiff: 'image', heic: 'image',
  txt: 'text', log: 'text', md: 'text', csv: 'sheet', tsv: 'sheet',
  zip: 'archive', rar: 'archive', '7z': 'archive', gz: 'archive', tgz: 'archive', tar: 'archive', bz2: 'archive', xz: 'archive',
  doc: 'document', docx: 'document', docm: 'document', odt: 'document', rtf: 'document', pages: 'document',
  xls: 'sheet', xlsx: 'sheet', xlsm: 'sheet', xlsb: 'sheet', ods: 'sheet', numbers: 'sheet',
  ppt: 'slides', pptx: 'slides', pptm: 'slides', odp: 'slides', key: 'slides',
  mp3: 'audio', wav: 'audio', m4a: 'audio', ogg: 'audio', flac: 'audio',
  mp4: 'video', mov: 'video', webm: 'video', mkv: 'video', avi: 'video',
  eml: 'mail', msg: 'mail', ics: 'calendar', vcf: 'calendar',
  html: 'code', htm: 'code', xml: 'code', json: 'code', js: 'code', vbs: 'code', ps1: 'code', bat: 'code', cmd: 'code', sh: 'code',
};

/** The last extension, lower-cased, when the name has one ("archive.tar.gz" → "gz"). */
export function extensionOf(name: string): string {
  // Windows drops trailing dots and spaces: "a.exe. " is saved and run as "a.exe".
  const base = (name.split(/[/\\]/).pop() ?? '').replace(/[\s.]+$/, '');
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return '';
  const ext = base.slice(dot + 1).toLowerCase();
  return /^[a-z0-9-]{1,20}$/.test(ext) ? ext : '';
}

export function kindOf(name: string, contentType: string): AttachmentKind {
  const byExt = BY_EXTENSION[extensionOf(name)];
  if (byExt) return byExt;
  const type = contentType.toLowerCase();
  if (type === 'application/pdf') return 'pdf';
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('audio/')) return 'audio';
  if (type.startsWith('video/')) return 'video';
  if (type === 'message/rfc822') return 'mail';
  if (type === 'text/calendar') return 'calendar';
  if (type === 'text/csv') return 'sheet';
  if (type.startsWith('text/')) return 'text';
  if (/zip|compressed|tar|gzip|rar|7z/.test(type)) return 'archive';
  return 'file';
}

/** True when opening the file may run code: by its real extension, by any extension before it, or by its declared type. */
export function isRisky(name: string, contentType: string): boolean {
  if (RISKY_EXTENSIONS.has(extensionOf(name))) return true;
  const type = contentType.toLowerCase().split(';')[0]!.trim();
  return RISKY_TYPES.some((re) => re.test(type));
}

/** Plain text the viewer may show as escaped text (never as a page). */
export function isTextPreviewable(name: string, contentType: string): boolean {
  const type = contentType.toLowerCase();
  const ext = extensionOf(name);
  if (ext && !['txt', 'log', 'csv', 'tsv', 'md', 'json', 'xml'].includes(ext)) return false;
  return type === 'text/plain' || type === 'text/csv' || type === 'application/json' || (type === 'application/octet-stream' && ['txt', 'log', 'csv', 'md'].includes(ext));
}
