#!/usr/bin/env bash
# Scheduler conformance: fetches Pacemaker 2.1.5's scheduler suite (scripts/fetch-pacemaker-suite.sh),
# runs `hactl simulate conformance` over every case in one JVM, prints a table per tier and
# "N passed, M failed", and exits non-zero when the pass count is below the floor recorded in
# ha-crm/src/test/resources/conformance-floor.txt (which only ever rises).
# Usage: scripts/scheduler-conformance.sh [-v]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
suite="$("$root/scripts/fetch-pacemaker-suite.sh")"
exec "$root/bin/hactl" simulate conformance --suite "$suite" \
  --floor "$root/ha-crm/src/test/resources/conformance-floor.txt" "$@"
