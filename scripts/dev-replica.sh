#!/usr/bin/env bash
# A real streaming replica of this machine's Postgres, for the replica tests and `npm run cluster`:
# a second cluster ("replica", port 5433 by default) made with pg_basebackup from 127.0.0.1:5432,
# replaying its WAL. Idempotent: a replica already streaming is left as it is, a stopped one is
# started, one that no longer streams (fell too far behind, say) is made again. Never stops or
# restarts the primary; it only adds a `replication` line to its pg_hba.conf (and reloads) when
# the primary does not accept replication connections from 127.0.0.1 yet. Needs root (it runs the
# Postgres tools as the postgres user). Prints the replica's URL on its last line.
set -euo pipefail

PRIMARY_PORT="${PRIMARY_PORT:-5432}"
REPLICA_PORT="${REPLICA_PORT:-5433}"
NAME="${REPLICA_CLUSTER:-replica}"
VERSION="$(ls /etc/postgresql | sort -V | tail -1)"
as_postgres() { runuser -u postgres -- "$@"; }
primary_sql() { psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -Atqc "$1"; }
replica_sql() { psql -h 127.0.0.1 -p "$REPLICA_PORT" -U postgres -d postgres -Atqc "$1" 2>/dev/null; }

# 1. The primary lets 127.0.0.1 connect for replication (trust, as for everything else here).
hba="$(primary_sql 'show hba_file')"
if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$hba"; then
  echo "host replication all 127.0.0.1/32 trust" >>"$hba"
  primary_sql 'select pg_reload_conf()' >/dev/null
  echo "dev-replica: the primary now accepts replication connections from 127.0.0.1"
fi

streaming() {
  [ "$(replica_sql 'select pg_is_in_recovery()')" = "t" ] &&
    [ "$(replica_sql "select count(*) from pg_stat_wal_receiver where status = 'streaming'")" = "1" ]
}

wait_for_streaming() {
  for _ in $(seq 1 60); do
    streaming && return 0
    sleep 0.5
  done
  return 1
}

exists() { pg_lsclusters -h | awk -v v="$VERSION" -v n="$NAME" '$1 == v && $2 == n { found = 1 } END { exit !found }'; }

# 2. Already there: start it if it is down, and keep it if it streams.
if exists; then
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" start >/dev/null 2>&1 || true
  if wait_for_streaming; then
    echo "dev-replica: $NAME on port $REPLICA_PORT is streaming from port $PRIMARY_PORT"
    echo "postgres://postgres@127.0.0.1:${REPLICA_PORT}/postgres"
    exit 0
  fi
  echo "dev-replica: $NAME exists but does not stream; making it again"
  pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" stop -m immediate 2>/dev/null || true
  pg_dropcluster "$VERSION" "$NAME"
fi

# 3. Make it: an empty cluster's configuration (Debian keeps it in /etc), the primary's data by
# pg_basebackup with -R (standby.signal and primary_conninfo), the same trust rules as the primary.
pg_createcluster "$VERSION" "$NAME" --port "$REPLICA_PORT" >/dev/null
datadir="$(pg_lsclusters -h | awk -v v="$VERSION" -v n="$NAME" '$1 == v && $2 == n { print $6 }')"
rm -rf "${datadir:?}"/*
as_postgres pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$datadir" -R -X stream -c fast
cp "$hba" "/etc/postgresql/$VERSION/$NAME/pg_hba.conf"
chown postgres:postgres "/etc/postgresql/$VERSION/$NAME/pg_hba.conf"
pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" start
if ! wait_for_streaming; then
  echo "dev-replica: $NAME started but is not streaming; see /var/log/postgresql/postgresql-$VERSION-$NAME.log" >&2
  exit 1
fi
echo "dev-replica: $NAME on port $REPLICA_PORT is streaming from port $PRIMARY_PORT"
echo "postgres://postgres@127.0.0.1:${REPLICA_PORT}/postgres"
