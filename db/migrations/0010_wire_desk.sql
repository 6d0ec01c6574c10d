CREATE TYPE "public"."wire_canonical" AS ENUM('ours', 'original');--> statement-breakpoint
CREATE TYPE "public"."wire_item_status" AS ENUM('new', 'used', 'ignored');--> statement-breakpoint
CREATE TYPE "public"."wire_mode" AS ENUM('queue', 'auto');--> statement-breakpoint
CREATE TABLE "wire_entries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "wire_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"item_id" integer NOT NULL,
	"source_id" integer NOT NULL,
	"entry_key" text NOT NULL,
	"title" text NOT NULL,
	"lead" text DEFAULT '' NOT NULL,
	"body_html" text DEFAULT '' NOT NULL,
	"url" text DEFAULT '' NOT NULL,
	"published_at" timestamp with time zone,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wire_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "wire_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"status" "wire_item_status" DEFAULT 'new' NOT NULL,
	"sort_at" timestamp with time zone NOT NULL,
	"match_title" text DEFAULT '' NOT NULL,
	"match_lead" text DEFAULT '' NOT NULL,
	"status_changed_at" timestamp with time zone,
	"status_changed_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wire_sources" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "wire_sources_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"feed_url" text NOT NULL,
	"section_id" integer NOT NULL,
	"tag_names" text[] DEFAULT '{}'::text[] NOT NULL,
	"author_id" integer,
	"interval_minutes" integer DEFAULT 15 NOT NULL,
	"mode" "wire_mode" DEFAULT 'queue' NOT NULL,
	"canonical" "wire_canonical" DEFAULT 'ours' NOT NULL,
	"allow_private_host" boolean DEFAULT false NOT NULL,
	"paused" boolean DEFAULT false NOT NULL,
	"etag" text,
	"last_modified" text,
	"last_polled_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"failures" integer DEFAULT 0 NOT NULL,
	"next_poll_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lease_until" timestamp with time zone,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "wire_sources_interval_range" CHECK ("wire_sources"."interval_minutes" between 1 and 1440)
);
--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "wire_item_id" integer;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "wire_source_id" integer;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "source_is_canonical" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "wire_entries" ADD CONSTRAINT "wire_entries_item_id_wire_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."wire_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wire_entries" ADD CONSTRAINT "wire_entries_source_id_wire_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."wire_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wire_items" ADD CONSTRAINT "wire_items_status_changed_by_users_id_fk" FOREIGN KEY ("status_changed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wire_sources" ADD CONSTRAINT "wire_sources_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wire_sources" ADD CONSTRAINT "wire_sources_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wire_sources" ADD CONSTRAINT "wire_sources_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "wire_entries_source_key_unique" ON "wire_entries" USING btree ("source_id","entry_key");--> statement-breakpoint
CREATE INDEX "wire_entries_item_idx" ON "wire_entries" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "wire_items_queue_idx" ON "wire_items" USING btree ("sort_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "wire_items_status_queue_idx" ON "wire_items" USING btree ("status","sort_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE UNIQUE INDEX "wire_sources_feed_url_unique" ON "wire_sources" USING btree ("feed_url");--> statement-breakpoint
CREATE INDEX "wire_sources_due_idx" ON "wire_sources" USING btree ("next_poll_at") WHERE not "wire_sources"."paused";--> statement-breakpoint
ALTER TABLE "articles" ADD CONSTRAINT "articles_wire_item_id_wire_items_id_fk" FOREIGN KEY ("wire_item_id") REFERENCES "public"."wire_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "articles" ADD CONSTRAINT "articles_wire_source_id_wire_sources_id_fk" FOREIGN KEY ("wire_source_id") REFERENCES "public"."wire_sources"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "articles_wire_item_unique" ON "articles" USING btree ("wire_item_id");--> statement-breakpoint
CREATE INDEX "articles_wire_source_idx" ON "articles" USING btree ("wire_source_id") WHERE "articles"."wire_source_id" is not null;