// Big messages, built fast: pseudo-random (incompressible) attachment bytes.
import type { MessageDef } from './message';
import { filePart, multipart, textPart } from './mime-build';
import { people } from './people';
import { pseudoRandomBytes } from './prng';

const MiB = 1024 * 1024;

function largeMessage(name: string, bytes: number, filename: string, subject: string): MessageDef {
  return {
    name,
    tags: ['large', 'attachments'],
    build: (m) => ({
      from: people.ops,
      subject,
      body: multipart('mixed', m.boundary(), [
        textPart(`The ${(bytes / MiB).toFixed(2)} MiB file is attached.\n`),
        filePart(pseudoRandomBytes(bytes, name), { type: 'application/octet-stream', filename }),
      ]),
    }),
  };
}

/** A 15 MiB attachment (about 20.4 MiB as stored). */
export const largeCorpusMessage = largeMessage('large-attachment-15mb', 15 * MiB, 'disk-image-2026-10.bin', 'Disk image (15 MB)');

/** About 12 MiB as stored: an 8.75 MiB attachment, base64 with 76-character lines. */
export const integrationLargeMessage = largeMessage('large-12mb', 8.75 * MiB, 'scan-archive.bin', 'Scanned archive (12 MB message)');
