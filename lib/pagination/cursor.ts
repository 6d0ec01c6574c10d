import { isRowId } from "@/db/ids";

// One keyset cursor for every list that pages newest first over (a timestamp desc, id desc):
// public tag, section and author listings (first published), and the admin's story list (last
// saved). The cursor is the last row's position, both numbers in base 36: `<ms>.<id>`. It comes
// from the address bar, so decoding never throws: anything else is null, and the caller treats
// it as "no such page" or "first page" as its page does.

export type KeysetPosition = { at: Date; id: number };

const CURSOR = /^([0-9a-z]{1,12})\.([0-9a-z]{1,10})$/;

export function encodeKeysetCursor(position: { at: Date | string; id: number }): string {
  return `${new Date(position.at).getTime().toString(36)}.${position.id.toString(36)}`;
}

export function decodeKeysetCursor(cursor: unknown): KeysetPosition | null {
  if (typeof cursor !== "string") return null;
  const match = CURSOR.exec(cursor);
  if (!match) return null;
  const at = new Date(parseInt(match[1]!, 36));
  const id = parseInt(match[2]!, 36);
  if (Number.isNaN(at.getTime()) || !isRowId(id)) return null;
  return { at, id };
}

/** The JSON API pages by id alone (oldest or newest first): its cursor is the last id, in decimal. */
export function encodeIdCursor(id: number): string {
  return String(id);
}
