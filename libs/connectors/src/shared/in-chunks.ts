/** `items` in runs of at most `size`, in order: the ids of one batch read or one IN list. */
export function inChunks<T>(items: T[], size: number): T[][] {
  if (!(size >= 1)) throw new Error(`inChunks: size must be at least 1, not ${size}`);
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}
