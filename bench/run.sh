#!/usr/bin/env bash
# Runs every benchmark (engine, object size, scale, resource.List, webhook over HTTPS with the null endpoint,
# start-up, celador check), prints one table and writes target/bench/results.json.
#   bench/run.sh            the full run, about 22 minutes on 2 cores
#   bench/run.sh --quick    a smoke pass of each part (seconds; its numbers mean nothing)
#   bench/run.sh --only engine,size,scale,list,webhook,startup,check
# JAVA_OPTS is not used; server JVM options are in ServerProcess (as in the Deployment).
# The JVM: CELADOR_JAVA when set, else java (the image's Java 17). The build's class archive is made
# for it (bin/class-archive: an AOT cache on Java 25), and the servers, `celador check`, the suite and
# JMH's forks all run on it.
set -euo pipefail
cd "$(dirname "$0")/.."
export CELADOR_JAVA=${CELADOR_JAVA:-java}
./mvnw -B -q package -DskipTests
./mvnw -B -q test-compile
[[ -s certs/out/tls.crt ]] || certs/generate.sh >&2
cp=$(./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
exec "$CELADOR_JAVA" -Xms512m -Xmx1g -cp "target/test-classes:target/classes:$cp" dev.celador.bench.BenchSuite "$@"
