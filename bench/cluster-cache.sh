#!/usr/bin/env bash
# Measures the cluster cache: heap per Service in JsonItemStore against fabric8's plain
# GenericKubernetesResource, get/list time at 100, 1,000 and 10,000 cached Services, and the
# informer path against fabric8's mock server (pass --no-informer to skip it).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile
cp=$(./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
exec java -Xms1g -Xmx1g -cp "target/test-classes:target/classes:$cp" dev.celador.bench.ClusterCacheBench "$@"
