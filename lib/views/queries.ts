import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Executor } from "@/db/client";
import { storyViewsHourly } from "@/db/schema";
import { cardColumnsSql, toCard, type CardRow, type StoryCard } from "@/lib/articles/cards";
import { publicArticleWhereRaw } from "@/lib/articles/visibility";
import { HOUR_MS, hourNumber } from "@/lib/views/buffer";

/** «الأكثر قراءة» covers the current hour and the 23 before it. */
export const MOST_READ_WINDOW_HOURS = 24;

/**
 * The most read public stories over the last MOST_READ_WINDOW_HOURS hourly buckets, site-wide or
 * in one section, most views first (ties: the newer story). Public at `now`, by the visibility
 * rule: a story withdrawn after it was read drops out. Reads the (hour) index for the window and
 * sums in memory; the callers cache it (lib/pages/most-read.ts).
 */
export async function listMostReadStories(
  db: Executor,
  { now, sectionId = null, limit }: { now: Date; sectionId?: number | null; limit: number },
): Promise<StoryCard[]> {
  const since = new Date((hourNumber(now.getTime()) - MOST_READ_WINDOW_HOURS + 1) * HOUR_MS);
  const rows = await queryRows<CardRow>(
    db,
    sql`select ${cardColumnsSql}
          from (select article_id, sum(views) as views
                  from ${storyViewsHourly}
                 where hour >= ${since.toISOString()}::timestamptz and hour <= ${now.toISOString()}::timestamptz
                 group by article_id) v
          join articles a on a.id = v.article_id
          join sections s on s.id = a.section_id
          left join media m on m.id = a.hero_media_id
         where ${publicArticleWhereRaw("a", now)}${sectionId === null ? sql`` : sql` and a.section_id = ${sectionId}`}
         order by v.views desc, a.first_published_at desc, a.id desc
         limit ${limit}`,
  );
  return rows.map(toCard);
}
