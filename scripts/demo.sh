#!/usr/bin/env bash
# Quickstart 1: set up, read the bundled sample reports, extract and store their facts,
# link targets to outcomes, and open the dashboard on them.
# GWRKIT_DEMO_NO_SERVE=1 stops before the server and prints how to start it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/gwrkit parse samples/*.txt
.venv/bin/gwrkit extract samples/*.txt
rm -f samples.db samples.db-wal samples.db-shm
.venv/bin/gwrkit ingest samples --db samples.db -q
.venv/bin/gwrkit targets --db samples.db --indicator gdp
port="${GWRKIT_PORT:-8000}"
if [ "${GWRKIT_DEMO_NO_SERVE:-}" = "1" ]; then
  echo "Dashboard: .venv/bin/gwrkit serve --db samples.db --port $port, then open http://127.0.0.1:$port/"
  exit 0
fi
echo "Dashboard on the samples: open http://127.0.0.1:$port/ (Ctrl-C to stop)"
exec .venv/bin/gwrkit serve --db samples.db --port "$port"
