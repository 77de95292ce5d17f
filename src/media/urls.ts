export const IMAGE_SIZES = { thumb: 400, large: 1024 } as const;
export type ImageSize = keyof typeof IMAGE_SIZES;

export function mediaUrl(sha256: string, size: ImageSize): string {
  return `/media/${sha256}/${size}.jpg`;
}
