import { notFound, permanentRedirect } from "next/navigation";
import { isPublicAt } from "@/lib/articles/visibility";
import { getArticlePage } from "@/lib/pages/article";
import { parseArticleIdParam } from "@/lib/routing/params";
import { paths } from "@/lib/urls";

// /news/<id> without a slug: proxy.ts answers with a 301 to the canonical URL; this is the fallback.
export default async function ArticleWithoutSlug({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const articleId = parseArticleIdParam(id);
  if (articleId === null) notFound();
  const page = await getArticlePage(articleId);
  if (!page || !isPublicAt(page, new Date())) notFound();
  permanentRedirect(paths.article(page.id, page.slug));
}
