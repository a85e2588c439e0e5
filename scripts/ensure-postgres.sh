#!/usr/bin/env bash
# Make sure PostgreSQL listens on 127.0.0.1:5432 (start the local cluster if it is down).
set -euo pipefail
host=127.0.0.1; port=5432
pg_isready -q -h "$host" -p "$port" && exit 0
version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
if [ -z "$version" ]; then
  echo "ensure-postgres: no PostgreSQL server installed and none listening on $host:$port" >&2
  exit 1
fi
echo "ensure-postgres: starting PostgreSQL $version"
pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do
  pg_isready -q -h "$host" -p "$port" && exit 0
  sleep 1
done
echo "ensure-postgres: PostgreSQL did not come up on $host:$port" >&2
exit 1
