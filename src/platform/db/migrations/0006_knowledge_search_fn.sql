-- Knowledge search: article tags are a text[]; a generated tsvector column needs an IMMUTABLE expression, and
-- array_to_string is only STABLE (for arrays of any type). For text[] it does not depend on any setting.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION kb_tags_text(tags text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(array_to_string(tags, ' '), '') $$;
