import QRCode from 'qrcode';

/** A QR code drawn as one SVG path: dark modules as unit squares on a `size`×`size` grid. */
export interface QrDrawing {
  /** Modules per side (without the quiet zone). */
  size: number;
  /** The path's `d`: every dark module, runs of them on a row merged into one rectangle. */
  d: string;
}

/**
 * The QR code of a text (error correction M: a phone camera reads it off a screen even
 * when part of it is glared). Drawn as an SVG path, so no inline style and no image is
 * needed (the pages' Content-Security-Policy allows neither inline styles nor scripts).
 */
export function qrDrawing(text: string): QrDrawing {
  const code = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = code.modules;
  let d = '';
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (!data[y * size + x]) {
        x += 1;
        continue;
      }
      const start = x;
      while (x < size && data[y * size + x]) x += 1;
      d += `M${start} ${y}h${x - start}v1h${start - x}z`;
    }
  }
  return { size, d };
}
