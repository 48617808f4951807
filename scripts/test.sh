#!/usr/bin/env bash
# Run the suite against PostgreSQL and Redis when they answer on this
# machine, and against SQLite with in-memory layers when they don't.
set -uo pipefail
cd "$(dirname "$0")/.."

PG_HOST=${PG_HOST:-127.0.0.1}
if [ -z "${DATABASE_URL:-}" ] && command -v pg_isready >/dev/null 2>&1 \
   && pg_isready -q -h "$PG_HOST" -p 5432 -t 3; then
  export DATABASE_URL="postgres://postgres@${PG_HOST}:5432/panelcraft"
  echo "Database: PostgreSQL at ${PG_HOST}:5432"
else
  echo "Database: ${DATABASE_URL:-SQLite (PostgreSQL not reachable)}"
fi

if [ -z "${TEST_REDIS_URL:-}" ] && .venv/bin/python - <<'PY' 2>/dev/null
import redis, sys
sys.exit(0 if redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=2).ping() else 1)
PY
then
  export TEST_REDIS_URL="redis://127.0.0.1:6379/9"
  echo "Broker: Redis at 127.0.0.1:6379 (db 9)"
else
  echo "Broker: ${TEST_REDIS_URL:-none (Celery/Redis tests skip)}"
fi

# A key of this run's own, so the tests never write the development key file into the checkout.
if [ -z "${PANELCRAFT_ENCRYPTION_KEYS:-}" ]; then
  PANELCRAFT_ENCRYPTION_KEYS=$(.venv/bin/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')
  export PANELCRAFT_ENCRYPTION_KEYS
fi

# The suite itself never needs REDIS_URL: tests that use Redis take TEST_REDIS_URL.
unset REDIS_URL
.venv/bin/pytest "$@"
status=$?
# pytest's 5 means no test ran: that is a failure for us too.
exit $status
