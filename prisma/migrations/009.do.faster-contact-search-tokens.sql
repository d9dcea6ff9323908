-- contact_search_tokens (migration 004) as a PL/pgSQL loop: the SQL version (unnest ×
-- generate_series, array_agg DISTINCT) cost ~100 µs a row, and it runs for every contact-view row
-- when user_contact_view_search_idx is built and again for every row ANALYZE samples (seeding
-- N = 20,000 spent ~300 of ~350 s there). Same tokens; duplicates and order are left to the GIN
-- index, which keeps each key once, and to `@>`, the only operator the contact search uses
-- (src/read/contacts/contact-filter.ts), so the existing index stays valid as it is.
CREATE OR REPLACE FUNCTION contact_search_tokens(owner bigint, terms text[]) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  head   text   := owner::text || ':';
  tokens text[] := '{}';
  given  text;
  term   text;
BEGIN
  FOREACH given IN ARRAY terms LOOP
    term := replace(ltrim(given, '~'), ' ', '');
    CONTINUE WHEN term IS NULL OR term = '';
    FOR n IN 1 .. least(char_length(term), 32) LOOP
      tokens := tokens || (head || left(term, n));
    END LOOP;
  END LOOP;
  RETURN tokens;
END
$$;
