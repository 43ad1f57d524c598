#!/usr/bin/env bash
# Prints one request's engine time (codec + engine, single thread) next to a plain JSON parse
# of the same review, for the webhook test policy tree (or the policy directory given).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile
cp=$(./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
exec java -cp "target/test-classes:target/classes:$cp" dev.celador.bench.EngineTiming "$@"
