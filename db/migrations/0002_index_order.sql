DROP INDEX "article_authors_user_time_idx";--> statement-breakpoint
DROP INDEX "article_tags_tag_time_idx";--> statement-breakpoint
DROP INDEX "articles_public_time_idx";--> statement-breakpoint
DROP INDEX "articles_section_time_idx";--> statement-breakpoint
DROP INDEX "articles_breaking_time_idx";--> statement-breakpoint
DROP INDEX "articles_status_saved_idx";--> statement-breakpoint
CREATE INDEX "article_authors_user_time_idx" ON "article_authors" USING btree ("user_id","article_published_at" DESC NULLS FIRST,"article_id" DESC NULLS FIRST) WHERE "article_authors"."article_listed";--> statement-breakpoint
CREATE INDEX "article_tags_tag_time_idx" ON "article_tags" USING btree ("tag_id","article_published_at" DESC NULLS FIRST,"article_id" DESC NULLS FIRST) WHERE "article_tags"."article_listed";--> statement-breakpoint
CREATE INDEX "articles_public_time_idx" ON "articles" USING btree ("first_published_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "articles"."status" in ('published', 'scheduled');--> statement-breakpoint
CREATE INDEX "articles_section_time_idx" ON "articles" USING btree ("section_id","first_published_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE "articles"."status" in ('published', 'scheduled');--> statement-breakpoint
CREATE INDEX "articles_breaking_time_idx" ON "articles" USING btree ("first_published_at" DESC NULLS FIRST) WHERE "articles"."is_breaking" and "articles"."status" in ('published', 'scheduled');--> statement-breakpoint
CREATE INDEX "articles_status_saved_idx" ON "articles" USING btree ("status","saved_at" DESC NULLS FIRST);