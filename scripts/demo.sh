#!/usr/bin/env bash
# Quickstart 1: set up, then read the bundled sample reports and extract their facts.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/gwrkit parse samples/*.txt
.venv/bin/gwrkit extract samples/*.txt
