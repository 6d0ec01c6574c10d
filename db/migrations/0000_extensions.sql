-- pg_trgm backs fuzzy title and tag-name matching; it must exist before the trigram indexes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
