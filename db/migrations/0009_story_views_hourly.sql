CREATE TABLE "story_views_hourly" (
	"article_id" integer NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"views" integer NOT NULL,
	CONSTRAINT "story_views_hourly_article_id_hour_pk" PRIMARY KEY("article_id","hour"),
	CONSTRAINT "story_views_hourly_views_positive" CHECK ("story_views_hourly"."views" > 0)
);
--> statement-breakpoint
ALTER TABLE "story_views_hourly" ADD CONSTRAINT "story_views_hourly_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "story_views_hourly_hour_idx" ON "story_views_hourly" USING btree ("hour");