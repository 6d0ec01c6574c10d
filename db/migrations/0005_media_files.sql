CREATE TABLE "media_files" (
	"path" text NOT NULL,
	"width" integer NOT NULL,
	"data" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "media_files_path_width_pk" PRIMARY KEY("path","width")
);
