#!/usr/bin/env bash
# Full audit of synthetic cluster dumps (bench/audit-dump.py) against the shipped library with
# `celador audit --output report`, the JVM sized as in the Deployment (512 MiB limit). Prints, per
# size: wall time, objects/s, peak RSS (GNU time), reports written and their total size, and the
# RSS ratio of the largest size to the smallest.
# Usage: bench/audit.sh [N ...]   (default: 10000 100000)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/target/bench-audit"
mkdir -p "$out"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10000 100000)
# CELADOR_APP: a copy of target/quarkus-app to run (so a build can go on meanwhile)
app=${CELADOR_APP:-$root/target/quarkus-app}
[[ -f "$app/quarkus-run.jar" ]] || (cd "$root" && ./mvnw -B -q package -DskipTests)
export JAVA_OPTS="${JAVA_OPTS:--XX:MaxRAM=512m -XX:MaxRAMPercentage=60 -XX:+UseSerialGC}"
printf '| objects | wall s | CPU s | objects/s | objects per CPU s | peak RSS MiB | reports | report bytes | listed results |\n| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n'
first_rss=""
for n in "${sizes[@]}"; do
  dump="$out/dump-$n.json"
  [[ -f "$dump" ]] || python3 "$root/bench/audit-dump.py" "$n" "$dump"
  start=$(date +%s.%N)
  set +e
  /usr/bin/time -f '%U %S %M' -o "$out/time-$n.txt" java $JAVA_OPTS -jar "$app/quarkus-run.jar" audit --policies "$root/policies" \
    --cluster-state "$dump" --output report > "$out/reports-$n.yaml" 2> "$out/stderr-$n.txt"
  code=$?
  set -e
  [[ $code -le 1 ]] || { echo "celador audit exited $code:" >&2; cat "$out/stderr-$n.txt" >&2; exit 1; }
  end=$(date +%s.%N)
  read -r user sys rss_kib < <(tail -1 "$out/time-$n.txt")
  reports=$(grep -c '^kind: ' "$out/reports-$n.yaml" || true)
  bytes=$(stat -c %s "$out/reports-$n.yaml")
  listed=$(grep -c '^- source: "\?celador' "$out/reports-$n.yaml" || true)
  awk -v n="$n" -v s="$start" -v e="$end" -v u="$user" -v y="$sys" -v r="$rss_kib" -v c="$reports" -v b="$bytes" -v l="$listed" \
    'BEGIN { w = e - s; cpu = u + y; printf "| %d | %.1f | %.1f | %.0f | %.0f | %.0f | %d | %d | %d |\n", n, w, cpu, n / w, n / cpu, r / 1024, c, b, l }'
  [[ -n "$first_rss" ]] || first_rss=$rss_kib
  last_rss=$rss_kib
done
awk -v a="$first_rss" -v b="$last_rss" 'BEGIN { printf "peak RSS ratio, largest to smallest: %.2f (target <= 1.3)\n", b / a }'
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
