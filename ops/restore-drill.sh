#!/usr/bin/env bash
# Restore drill: proves a backup of one Hermet database can be restored and is consistent.
#   ops/restore-drill.sh postgresql://user@host:5432/dbname
# Takes a logical backup (pg_dump -Fc), DROPS the database, restores it from the backup, then
# runs `hermet check-consistency` on it (must report 100 %) and compares per-table row counts
# with the ones taken before the drop. Run it against a scratch copy, never production.
# HERMET_CLI overrides how the CLI is started (default: node dist/src/cli/hermet.js).
set -euo pipefail

url="${1:?usage: restore-drill.sh DATABASE_URL}"
name="$(basename "${url%%\?*}")"
server="${url%/*}/postgres"
hermet="${HERMET_CLI:-node dist/src/cli/hermet.js}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

counts() {
  psql "$1" -At -v ON_ERROR_STOP=1 -c "
    SELECT string_agg(format('%s=%s', relname, n_live), ' ' ORDER BY relname) FROM (
      SELECT c.relname, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', c.relname), false, true, '')))[1]::text AS n_live
      FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
      WHERE s.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition) AS t"
}

echo "drill: backing up $name"
before="$(counts "$url")"
pg_dump --format=custom --file="$work/backup.dump" "$url"

echo "drill: dropping $name"
psql "$server" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE \"$name\" WITH (FORCE)"

echo "drill: restoring $name"
psql "$server" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$name\""
pg_restore --exit-on-error --no-owner --dbname="$url" "$work/backup.dump"

after="$(counts "$url")"
if [ "$before" != "$after" ]; then
  echo "drill: FAIL row counts differ"; echo "before: $before"; echo "after:  $after"; exit 1
fi
echo "drill: row counts match ($after)"

DATABASE_URL="$url" $hermet check-consistency --threshold 100
echo "drill: PASS"
