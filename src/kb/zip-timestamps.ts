/**
 * An .xlsx is a zip, and zip entries carry the time they were written. Setting every entry to
 * one fixed time makes an export a pure function of the entries (same knowledge → same bytes),
 * which keeps export → import → export byte-identical and exports diffable.
 */

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const EOCD_MIN_SIZE = 22;
const MAX_ZIP_COMMENT = 0xffff;
const CENTRAL_HEADER_SIZE = 46;
/** MS-DOS date 1980-01-01 (the earliest a zip can say) at 00:00:00. */
const FIXED_DOS_DATE = (0 << 9) | (1 << 5) | 1;
const FIXED_DOS_TIME = 0;

export function withFixedZipTimestamps(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  let eocd = -1;
  const lowest = Math.max(0, out.length - EOCD_MIN_SIZE - MAX_ZIP_COMMENT);
  for (let i = out.length - EOCD_MIN_SIZE; i >= lowest; i--) {
    if (out.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file: no end of central directory');
  const entries = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (out.readUInt32LE(p) !== CENTRAL_FILE_HEADER) throw new Error('not a zip file: bad central directory');
    out.writeUInt16LE(FIXED_DOS_TIME, p + 12);
    out.writeUInt16LE(FIXED_DOS_DATE, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) !== LOCAL_FILE_HEADER) throw new Error('not a zip file: bad local header');
    out.writeUInt16LE(FIXED_DOS_TIME, local + 10);
    out.writeUInt16LE(FIXED_DOS_DATE, local + 12);
    p += CENTRAL_HEADER_SIZE + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}
