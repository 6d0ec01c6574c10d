import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { articles, wireEntries, wireItems, wireSources, type UserRole } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";

// Attribution of a story made from the wire: the one rule for what a wire story says about its
// source. A story drafted from an item names the outlet and links its original; no form or API
// body can change that, and the outlet's canonical choice decides where the story's canonical
// URL points (lib/seo/metadata.ts reads sourceIsCanonical).

export type WireAttribution = {
  wireItemId: number;
  wireSourceId: number;
  sourceName: string;
  sourceUrl: string;
  sourceIsCanonical: boolean;
};

/**
 * Inside a story's save transaction: takes a wire item for a new story, or refuses it if a story
 * was made from it already. The attribution comes from the outlet, not from the form, and later
 * saves keep it (lib/articles/commands.ts).
 */
export async function claimWireAttribution(tx: Executor, wire: { itemId: number; sourceId?: number | null }, actor: { userId: number | null; role: UserRole }, now: Date): Promise<WireAttribution> {
  if (!can(actor, "readWire")) throw new ForbiddenError();
  const [item] = await tx.select().from(wireItems).where(eq(wireItems.id, wire.itemId)).for("update");
  if (!item) throw new NotFoundError("الخبر غير موجود في الوارد");
  const [used] = await tx.select({ id: articles.id }).from(articles).where(eq(articles.wireItemId, wire.itemId));
  if (used || item.status === "used") throw new ConflictError(`صُنع من هذا الخبر خبرٌ من قبل${used ? ` (رقم ${used.id})` : ""}`);
  const rows = await tx
    .select({ entry: wireEntries, source: wireSources })
    .from(wireEntries)
    .innerJoin(wireSources, eq(wireSources.id, wireEntries.sourceId))
    .where(eq(wireEntries.itemId, wire.itemId))
    .orderBy(asc(wireEntries.seenAt), asc(wireEntries.id));
  const chosen = (wire.sourceId ? rows.find((row) => row.source.id === wire.sourceId) : undefined) ?? rows[0];
  if (!chosen) throw new NotFoundError("الخبر غير موجود في الوارد");
  await tx.update(wireItems).set({ status: "used", statusChangedAt: now, statusChangedBy: actor.userId }).where(eq(wireItems.id, wire.itemId));
  return {
    wireItemId: wire.itemId,
    wireSourceId: chosen.source.id,
    sourceName: chosen.source.name,
    sourceUrl: chosen.entry.url,
    // Pointing the canonical elsewhere needs somewhere to point.
    sourceIsCanonical: chosen.source.canonical === "original" && chosen.entry.url !== "",
  };
}

