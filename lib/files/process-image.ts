import "server-only";
import sharp, { type Sharp } from "sharp";
import { AppError } from "@/lib/errors";

export type ProcessedImage = { content: Buffer; thumb: Buffer; type: string; width: number; height: number };

// Past this many pixels an image is refused before it is decoded: a small file can claim to be
// enormous (a decompression bomb). Large photos (50 megapixels) still fit.
const MAX_INPUT_PIXELS = 60_000_000;
const THUMB_PIXELS = 320;

// Each image is written again in its own format (a GIF as a PNG of its first frame): decoding and
// encoding leave every piece of metadata behind, EXIF and its GPS position included.
const ENCODERS: Record<string, { type: string; encode: (image: Sharp) => Sharp }> = {
  "image/png": { type: "image/png", encode: (image) => image.png({ compressionLevel: 9 }) },
  "image/gif": { type: "image/png", encode: (image) => image.png({ compressionLevel: 9 }) },
  "image/jpeg": { type: "image/jpeg", encode: (image) => image.jpeg({ quality: 85, mozjpeg: true }) },
  "image/webp": { type: "image/webp", encode: (image) => image.webp({ quality: 85 }) },
};

/**
 * Decodes an image and writes it again, turned upright (by its EXIF orientation, before that goes),
 * scaled down to fit `maxSide` on its longer side, without metadata; and a small preview of it.
 * Sharp works on libuv's threads, so the event loop goes on meanwhile.
 */
export async function processImage(
  bytes: Uint8Array,
  type: string,
  maxSide: number,
): Promise<ProcessedImage> {
  const encoder = ENCODERS[type];
  if (!encoder) throw new AppError("unsupported_media_type:file", "This kind of image cannot be attached.");
  try {
    const source = () => sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error", pages: 1 });
    const upright = source()
      .rotate()
      .resize({ width: maxSide, height: maxSide, fit: "inside", withoutEnlargement: true });
    const { data: content, info } = await encoder.encode(upright).toBuffer({ resolveWithObject: true });
    const thumb = await sharp(content)
      .resize({ width: THUMB_PIXELS, height: THUMB_PIXELS, fit: "inside", withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer();
    return { content, thumb, type: encoder.type, width: info.width, height: info.height };
  } catch (error) {
    if (error instanceof AppError) throw error;
    const message = (error as Error).message ?? "";
    if (/pixel limit/i.test(message)) {
      throw new AppError("payload_too_large:image", "This image has too many pixels to be attached.");
    }
    throw new AppError("unsupported_media_type:file", "This image could not be read: it may be damaged.");
  }
}
