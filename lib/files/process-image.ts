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
 * An image with nothing to take away (no metadata of any kind, upright, a single frame, small
 * enough, in a format it is stored in) is kept byte for byte: writing it again would only lose
 * quality, and an exported image imported again comes back the same.
 */
async function alreadyClean(
  image: Sharp,
  type: string,
  maxSide: number,
): Promise<{ width: number; height: number } | null> {
  const meta = await image.metadata();
  const { width, height } = meta;
  const clean =
    `image/${meta.format}` === type &&
    type !== "image/gif" &&
    !meta.exif &&
    !meta.icc &&
    !meta.iptc &&
    !meta.xmp &&
    !meta.tifftagPhotoshop &&
    !meta.comments?.length &&
    (meta.orientation ?? 1) === 1 &&
    (meta.pages ?? 1) === 1 &&
    width <= maxSide &&
    height <= maxSide;
  return clean ? { width, height } : null;
}

/**
 * Decodes an image and writes it again, turned upright (by its EXIF orientation, before that goes),
 * scaled down to fit `maxSide` on its longer side, without metadata (unless it is already clean);
 * and a small preview of it.
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
    const kept = await alreadyClean(source(), type, maxSide);
    const { content, width, height } = kept
      ? { content: Buffer.from(bytes), ...kept }
      : await encoder
          .encode(
            source()
              .rotate()
              .resize({ width: maxSide, height: maxSide, fit: "inside", withoutEnlargement: true }),
          )
          .toBuffer({ resolveWithObject: true })
          .then(({ data, info }) => ({ content: data, width: info.width, height: info.height }));
    // Making the preview decodes the whole image, so an image kept as it came is checked too.
    const thumb = await sharp(content, { failOn: "error" })
      .resize({ width: THUMB_PIXELS, height: THUMB_PIXELS, fit: "inside", withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer();
    return { content, thumb, type: encoder.type, width, height };
  } catch (error) {
    if (error instanceof AppError) throw error;
    const message = (error as Error).message ?? "";
    if (/pixel limit/i.test(message)) {
      throw new AppError("payload_too_large:image", "This image has too many pixels to be attached.");
    }
    throw new AppError("unsupported_media_type:file", "This image could not be read: it may be damaged.");
  }
}
