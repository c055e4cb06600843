#!/usr/bin/env bash
# Runs the whole IIZ Casework system on this machine: a real Kafka broker, a real PostgreSQL and the five
# services, with data kept in .local-data/ between runs. Needs only a JDK (17+). Ctrl-C stops everything.
#   ./run-local.sh            build if needed, then run
#   ./run-local.sh --rebuild  build first in any case
#   ./run-local.sh --fresh    start from an empty data folder
#   ./run-local.sh token RAV-AG-AARAU   print a development token
# Other options (ports, --data-dir, --infra-only, --json-logs) are passed to the runner; see --help.
set -euo pipefail
cd "$(dirname "$0")"

rebuild=false
args=()
for arg in "$@"; do
  if [[ "$arg" == "--rebuild" ]]; then rebuild=true; else args+=("$arg"); fi
done

runner=$(ls local-stack/target/local-stack-*.jar 2>/dev/null | grep -v -- '-tests.jar' | head -n 1 || true)
missing=false
for service in case-service referral-service billing-service reporting-service placement-service; do
  [[ -f "$service/target/quarkus-app/quarkus-run.jar" ]] || missing=true
done
if $rebuild || $missing || [[ -z "$runner" ]]; then
  echo "[local-run] building (./mvnw -DskipTests package)..."
  ./mvnw -q -B -DskipTests package # package, not install: nothing of ours goes into ~/.m2
  runner=$(ls local-stack/target/local-stack-*.jar | grep -v -- '-tests.jar' | head -n 1)
fi

exec java -Ddisable-axoniq-console-message=true -jar "$runner" --repo-root . ${args[@]+"${args[@]}"}
