import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { StoryCardView } from "@/app/(site)/_components/story-card";
import { getEnv } from "@/lib/env";
import { formatArticleDate } from "@/lib/i18n/dates";
import { getDigestPage } from "@/lib/pages/newsletters";
import { getDateConfig } from "@/lib/site-config";
import { listingMetadata } from "@/lib/seo/metadata";
import { paths } from "@/lib/urls";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ day: string }> };

function dayLabel(day: string): string {
  return formatArticleDate(new Date(`${day}T12:00:00Z`), { ...getDateConfig(), showHijri: false });
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { day } = await params;
  return listingMetadata({ title: `نشرة اليوم: ${dayLabel(day)}`, description: `أهم أخبار ${dayLabel(day)} من ${getEnv().siteName}`, path: paths.newsletterDigest(day) });
}

/** «نشرة اليوم» for one day, as the e-mail carried it: linked from the e-mail itself. */
export default async function DigestPage({ params }: Props) {
  const { day } = await params;
  const digest = /^\d{4}-\d{2}-\d{2}$/.test(day) ? await getDigestPage(day) : null;
  if (!digest) notFound();
  return (
    <div className="container narrow newsletter-page">
      <h1>نشرة اليوم: {dayLabel(day)}</h1>
      <ol className="story-list">
        {digest.stories.map((story) => (
          <li key={story.id}>
            <StoryCardView story={story} />
          </li>
        ))}
      </ol>
    </div>
  );
}
