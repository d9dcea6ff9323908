-- ANALYZE of a contact-view partition also computes statistics for the expression of
-- user_contact_view_search_idx: contact_search_tokens() for every sampled row, and element
-- frequencies over ~20 tokens a row that are each unique to one owner ("42:ka"). That was most
-- of the cost of analyzing the contact view (seeding N = 20,000: ~0.3 of ~0.45 s a partition),
-- for statistics no plan needs: the contact search filters on user_id (the list index) and on
-- one owner-specific token, whose frequency is tiny either way. A target of 0 skips them.
-- Each partition's index keeps its own target (ANALYZE of a partition reads the partition's
-- index), so the partitions' indexes get it too.
ALTER INDEX user_contact_view_search_idx ALTER COLUMN 1 SET STATISTICS 0;
DO $$
DECLARE
  part regclass;
BEGIN
  FOR part IN SELECT inhrelid::regclass FROM pg_inherits WHERE inhparent = 'user_contact_view_search_idx'::regclass LOOP
    EXECUTE format('ALTER INDEX %s ALTER COLUMN 1 SET STATISTICS 0', part);
  END LOOP;
END
$$;
