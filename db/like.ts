/**
 * An ILIKE pattern matching rows that contain `text` anywhere: %, _ and the escape character
 * itself are escaped, so what a user types is matched literally.
 */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
