import { crc32 } from 'node:zlib';

/** PNG's eight-byte signature. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** What a PNG's first chunk (IHDR) says, and whether the file is framed as PNG. */
export interface PngHeader {
  signature: boolean;
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  /** The IHDR chunk's CRC matches its type and data. */
  headerCrc: boolean;
  /** The file ends with an IEND chunk. */
  ends: boolean;
}

/**
 * The header of a valid digest chart: the chart's designed 800 × 400 at scale 2, 8-bit RGBA,
 * framed as PNG.
 */
export const DIGEST_CHART_HEADER: PngHeader = {
  signature: true,
  width: 1600,
  height: 800,
  bitDepth: 8,
  colourType: 6,
  headerCrc: true,
  ends: true,
};

/** Reads a PNG's signature, IHDR and last chunk. */
export function readPngHeader(png: Uint8Array): PngHeader {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const ihdrLength = bytes.readUInt32BE(8);
  const ihdr = bytes.subarray(12, 12 + 4 + ihdrLength);
  return {
    signature: PNG_SIGNATURE.every((b, i) => bytes[i] === b),
    width: bytes.readUInt32BE(16),
    height: bytes.readUInt32BE(20),
    bitDepth: bytes[24] ?? -1,
    colourType: bytes[25] ?? -1,
    headerCrc:
      bytes.subarray(12, 16).toString('latin1') === 'IHDR' &&
      crc32(ihdr) === bytes.readUInt32BE(12 + 4 + ihdrLength),
    ends: bytes.subarray(bytes.length - 8, bytes.length - 4).toString('latin1') === 'IEND',
  };
}
