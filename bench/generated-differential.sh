#!/usr/bin/env bash
# Long mode of the generated differential (GeneratedDifferentialTest): the fast path (cel/interp)
# against dev.cel alone on EXPRESSIONS generated expressions x OBJECTS generated objects.
#
#   bench/generated-differential.sh                    # 5,200 expressions (about 98 % compile) x 200 objects: over 1,000,000 cases
#   EXPRESSIONS=10000 OBJECTS=200 SEED=7 bench/generated-differential.sh
#
# Prints the test's summary line (cases, errors, values the fast path answered, disagreements) and
# exits non-zero on any disagreement; the log goes to bench/results/generated-differential-<seed>.log.
set -euo pipefail
cd "$(dirname "$0")/.."
expressions="${EXPRESSIONS:-5200}"
objects="${OBJECTS:-200}"
seed="${SEED:-20261205}"
log="bench/results/generated-differential-$seed.log"
mkdir -p bench/results
start=$(date +%s)
status=0
./mvnw -B -q test -Dtest=GeneratedDifferentialTest -Dcelador.class-archive.skip=true \
  -Dcelador.generated.expressions="$expressions" -Dcelador.generated.objects="$objects" \
  -Dcelador.generated.seed="$seed" > "$log" 2>&1 || status=$?
grep -h "generated differential:" "$log" || true
echo "generated-differential: $(( $(date +%s) - start )) s, exit $status (log: $log)"
exit $status
