// Text → bytes in the legacy charsets real mail still arrives in. Node only decodes these,
// so the encoders are built by decoding every code once and inverting the table.

export type Charset = 'us-ascii' | 'utf-8' | 'iso-8859-1' | 'windows-1252' | 'koi8-r' | 'shift_jis' | 'iso-2022-jp';

const singleByteTables = new Map<string, Map<string, number>>();

// Node 20's TextDecoder treats windows-1252 as ISO-8859-1, so its 0x80–0x9f row is spelled out.
const CP1252_HIGH = '€\ufffd‚ƒ„…†‡ˆ‰Š‹Œ\ufffdŽ\ufffd\ufffd‘’“”•–—˜™š›œ\ufffdžŸ';

function singleByteTable(label: string): Map<string, number> {
  let table = singleByteTables.get(label);
  if (!table) {
    table = new Map();
    if (label === 'windows-1252') {
      [...CP1252_HIGH].forEach((ch, i) => ch !== '\ufffd' && table?.set(ch, 0x80 + i));
    }
    const decoder = new TextDecoder(label);
    for (let b = 0x80; b <= 0xff; b++) {
      const ch = decoder.decode(Uint8Array.of(b));
      if (ch !== '\ufffd' && !table.has(ch)) table.set(ch, b);
    }
    singleByteTables.set(label, table);
  }
  return table;
}

/** Unicode character → JIS X 0208 row/cell (each 0x21..0x7e), via the EUC-JP decoder. */
let jisTable: Map<string, [number, number]> | undefined;

function jis0208(): Map<string, [number, number]> {
  if (!jisTable) {
    jisTable = new Map();
    const decoder = new TextDecoder('euc-jp');
    for (let row = 0x21; row <= 0x7e; row++) {
      for (let cell = 0x21; cell <= 0x7e; cell++) {
        const ch = decoder.decode(Uint8Array.of(row | 0x80, cell | 0x80));
        if (ch.length === 1 && ch !== '\ufffd' && !jisTable.has(ch)) jisTable.set(ch, [row, cell]);
      }
    }
  }
  return jisTable;
}

function jisOf(ch: string): [number, number] {
  const code = jis0208().get(ch);
  if (!code) throw new Error(`no JIS X 0208 code for ${JSON.stringify(ch)}`);
  return code;
}

function isAscii(ch: string): boolean {
  return ch.charCodeAt(0) < 0x80;
}

function encodeIso2022jp(text: string): Buffer {
  const out: number[] = [];
  let kanjiMode = false;
  for (const ch of text) {
    if (isAscii(ch)) {
      if (kanjiMode) out.push(0x1b, 0x28, 0x42); // ESC ( B
      kanjiMode = false;
      out.push(ch.charCodeAt(0));
    } else {
      if (!kanjiMode) out.push(0x1b, 0x24, 0x42); // ESC $ B
      kanjiMode = true;
      out.push(...jisOf(ch));
    }
  }
  if (kanjiMode) out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
}

function encodeShiftJis(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    if (isAscii(ch)) {
      out.push(ch.charCodeAt(0));
      continue;
    }
    const [row, cell] = jisOf(ch);
    const first = ((row + 1) >> 1) + (row <= 0x5e ? 0x70 : 0xb0);
    let second: number;
    if (row % 2 === 1) second = cell + (cell <= 0x5f ? 0x1f : 0x20);
    else second = cell + 0x7e;
    out.push(first, second);
  }
  return Buffer.from(out);
}

export function encodeText(text: string, charset: Charset): Buffer {
  switch (charset) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'us-ascii':
    case 'iso-8859-1': {
      const limit = charset === 'us-ascii' ? 0x7f : 0xff;
      for (const ch of text) {
        if (ch.charCodeAt(0) > limit) throw new Error(`${JSON.stringify(ch)} is not in ${charset}`);
      }
      return Buffer.from(text, 'latin1');
    }
    case 'windows-1252':
    case 'koi8-r': {
      const table = singleByteTable(charset);
      const out: number[] = [];
      for (const ch of text) {
        if (isAscii(ch)) out.push(ch.charCodeAt(0));
        else {
          const b = table.get(ch);
          if (b === undefined) throw new Error(`${JSON.stringify(ch)} is not in ${charset}`);
          out.push(b);
        }
      }
      return Buffer.from(out);
    }
    case 'shift_jis':
      return encodeShiftJis(text);
    case 'iso-2022-jp':
      return encodeIso2022jp(text);
  }
}

/** The label a Content-Type or encoded-word carries for each charset. */
export function charsetLabel(charset: Charset): string {
  return charset === 'shift_jis' ? 'Shift_JIS' : charset.toUpperCase();
}
