-- Contact name-prefix search on btree indexes instead of the GIN token index of migration 004.
-- That index stored ~26 prefixes a contact row; building it was ~510 of the ~738 PostgreSQL CPU
-- seconds of seeding N = 100,000 (docs/benchmarks.md). A btree over (owner, whole term) answers a
-- prefix as a range of keys, with one entry a row per term: src/read/contacts/contact-filter.ts
-- ORs one range per term, a BitmapOr of these indexes' range scans.

-- How a term is searched: the '~' that files a name under '#' and spaces do not count ("zhang san"
-- is found by "zhangs"), as in contact_search_tokens(). A plain SQL expression, so the planner
-- inlines it into both the index expressions and the query and can match the two.
CREATE FUNCTION contact_search_term(term text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT replace(ltrim(term, '~'), ' ', '') $$;

DROP INDEX user_contact_view_search_idx;
DROP FUNCTION contact_search_tokens(bigint, text[]);

-- COLLATE "C": a prefix is then a byte range. Each predicate is repeated by the query's range for
-- that term (contact-filter.ts), or the index cannot serve it. Without a remark its three terms
-- are empty: only remarked rows are indexed. A name's lower case usually is its key (Latin names
-- without accents), and those rows are found through the key's index already: only the others
-- (CJK, accents) are indexed.
CREATE INDEX user_contact_view_search_nickname_key_idx
  ON user_contact_view (user_id, (contact_search_term(friend_nickname_key) COLLATE "C"))
  WHERE deleted_at = 0;
CREATE INDEX user_contact_view_search_nickname_initials_idx
  ON user_contact_view (user_id, (contact_search_term(friend_nickname_initials) COLLATE "C"))
  WHERE deleted_at = 0;
CREATE INDEX user_contact_view_search_username_idx
  ON user_contact_view (user_id, (contact_search_term(friend_username) COLLATE "C"))
  WHERE deleted_at = 0;
CREATE INDEX user_contact_view_search_nickname_idx
  ON user_contact_view (user_id, (contact_search_term(lower(friend_nickname)) COLLATE "C"))
  WHERE deleted_at = 0 AND contact_search_term(lower(friend_nickname)) <> contact_search_term(friend_nickname_key);
CREATE INDEX user_contact_view_search_remark_key_idx
  ON user_contact_view (user_id, (contact_search_term(remark_key) COLLATE "C"))
  WHERE deleted_at = 0 AND remark <> '';
CREATE INDEX user_contact_view_search_remark_initials_idx
  ON user_contact_view (user_id, (contact_search_term(remark_initials) COLLATE "C"))
  WHERE deleted_at = 0 AND remark <> '';
CREATE INDEX user_contact_view_search_remark_idx
  ON user_contact_view (user_id, (contact_search_term(lower(remark)) COLLATE "C"))
  WHERE deleted_at = 0 AND remark <> '' AND contact_search_term(lower(remark)) <> contact_search_term(remark_key);
