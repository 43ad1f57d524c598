#!/usr/bin/env bash
# `celador check` from 1 to 10,000 manifests: wall time and peak RSS of bin/celador (the launcher a user
# runs, with the build's class archive), so both the fixed start-up cost and how memory grows with
# the input show in one table. Writes bench/results/<date>-<commit>-cli-scale.txt.
#   bench/cli-scale.sh                 sizes 1 10 1000 10000, 3 runs each (median shown)
#   SIZES="1 10000" RUNS=5 bench/cli-scale.sh
# The manifests are one multi-document stream, as `kubectl kustomize | celador check --resources -`
# gives: StatefulSets, each with its headless Service, a PVC and a ConfigMap, in 100 namespaces (so
# resource.Get finds each Service and resource.List sees 1/100 of the StatefulSets).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${SIZES:-1 10 1000 10000}
runs=${RUNS:-3}
[[ -f target/quarkus-app/quarkus-run.jar ]] || bin/celador --version > /dev/null
out=target/bench/cli-scale
mkdir -p "$out"

manifests() { # N -> stream of N objects
  python3 - "$1" <<'PY'
import sys
n = int(sys.argv[1])
kinds = ["sts", "svc", "pvc", "cm"]
for i in range(n):
    ns = f"team-{i // 4 % 100}"
    name = f"db-{i // 4}"
    k = kinds[i % 4]
    if k == "sts":
        print(f"""---
apiVersion: apps/v1
kind: StatefulSet
metadata: {{name: {name}, namespace: {ns}, labels: {{app: {name}}}}}
spec:
  serviceName: {name}
  replicas: 3
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers:
        - name: db
          image: postgres:16
          ports: [{{containerPort: 5432}}]
          readinessProbe: {{tcpSocket: {{port: 5432}}}}
          volumeMounts: [{{name: data, mountPath: /var/lib/postgresql/data}}]
  volumeClaimTemplates:
    - metadata: {{name: data}}
      spec: {{storageClassName: standard, accessModes: [ReadWriteOnce], resources: {{requests: {{storage: 10Gi}}}}}}""")
    elif k == "svc":
        print(f"""---
apiVersion: v1
kind: Service
metadata: {{name: {name}, namespace: {ns}}}
spec: {{clusterIP: None, selector: {{app: {name}}}, ports: [{{port: 5432}}]}}""")
    elif k == "pvc":
        print(f"""---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {{name: {name}-backup, namespace: {ns}}}
spec: {{storageClassName: standard, accessModes: [ReadWriteOnce], resources: {{requests: {{storage: 50Gi}}}}}}""")
    else:
        print(f"""---
apiVersion: v1
kind: ConfigMap
metadata: {{name: {name}-config, namespace: {ns}}}
data: {{mode: replica}}""")
PY
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

commit=$(git rev-parse --short HEAD)
result="bench/results/$(date -u +%F)-$commit-cli-scale.txt"
{
  echo "celador check, bin/celador on $(${CELADOR_JAVA:-java} -version 2>&1 | head -1), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1 /proc/loadavg)"
  echo "commit $commit, $(date -u +%FT%TZ), median of $runs runs"
  printf '%-10s %10s %12s %12s %14s\n' manifests bytes "wall s" "peak RSS MiB" "exit"
  for n in $sizes; do
    file="$out/$n.yaml"
    [[ -s "$file" ]] || manifests "$n" > "$file"
    walls=() rss=()
    for ((r = 0; r < runs; r++)); do
      set +e
      /usr/bin/time -f '%e %M' -o "$out/time" bin/celador check --policies policies --resources - --output json < "$file" > /dev/null 2> "$out/stderr"
      code=$?
      set -e
      read -r w m < <(tail -n 1 "$out/time")
      walls+=("$w") rss+=("$m")
    done
    printf '%-10s %10s %12s %12s %14s\n' "$n" "$(stat -c %s "$file")" \
      "$(printf '%s\n' "${walls[@]}" | median)" "$(( $(printf '%s\n' "${rss[@]}" | median) / 1024 ))" "$code"
  done
} | tee "$result"
echo "written: $result" >&2
