#!/usr/bin/env bash
# The webhook's p99 while the background audit runs a full pass, against idle, in one run.
# A real etcd and kube-apiserver (the e2e binaries, ~/.cache/celador-e2e/v1.37.2) hold N
# synthetic objects (bench/audit-dump.py: StatefulSets, Services, PVCs, Secrets in 100
# namespaces); `celador serve --cluster` runs on the shipped policies with the Deployment's JVM.
# The audit's Lease is held by another identity at start, so the server cannot audit yet:
#   warm-up, then small /validate reviews open loop at RATE/s for SECONDS   -> idle p99
#   (each probe warms itself up for 5 s first: its own cold start would be the p99)
#   the Lease is released, the server leads and starts its full pass:
#   the same load for SECONDS while the pass runs (checked in /status)     -> p99 during the pass
# Prints both, their ratio (target <= 1.5), the server's collections in each phase (Serial GC:
# every one stops the webhook too), the pass's duration and the load average.
# The server runs with the Deployment's JVM options, MaxRAM 512m as in its container (MAXRAM
# changes it); the webhook's caches hold every object of the kinds lookups read (Services,
# StatefulSets, Secrets, PVCs: all of the 100,000 here). The server's peak RSS is printed.
# SERVER_OPTS: more JVM options for the server (e.g. -Dcelador.audit.page-size=100); with
# -XX:NativeMemoryTracking=summary the server's memory by area is written next to its log.
# Usage: bench/audit-webhook.sh [N] [RATE] [SECONDS]   (default: 100000 100 20)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
n=${1:-100000}; rate=${2:-100}; seconds=${3:-20}
bins=${CELADOR_E2E_BINS:-$HOME/.cache/celador-e2e/v1.37.2}
for b in etcd kube-apiserver kubectl; do [[ -x "$bins/$b" ]] || { echo "no $bins/$b: run e2e/build-binaries.sh" >&2; exit 3; }; done
out="$root/target/bench-audit-webhook"
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/celador-bench-audit.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { local deadline=$(( $(date +%s) + $1 )); shift; until "$@" >/dev/null 2>&1; do (( $(date +%s) < deadline )) || return 1; sleep 0.5; done; }
log() { echo "bench: $*" >&2; }

# ---- the application and the probe's classpath -------------------------------------------------
cd "$root"
[[ -f target/quarkus-app/quarkus-run.jar ]] || ./mvnw -B -q package -DskipTests
[[ -f target/test-classes/dev/celador/bench/WebhookLatency.class ]] || ./mvnw -B -q test-compile
cp=$(./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)
probe() { java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "target/test-classes:target/classes:$cp" dev.celador.bench.WebhookLatency "$celador_port" "$rate" "$@"; }

# ---- etcd and kube-apiserver on loopback (etcd without fsync: the API server is not measured) ----
OUT_DIR="$work/certs" certs/generate.sh >/dev/null
token=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
echo "$token,bench-admin,bench-admin,system:masters" > "$work/tokens.csv"
etcd_port=$(free_port); peer_port=$(free_port); api_port=$(free_port); celador_port=$(free_port)
"$bins/etcd" --name bench --data-dir "$work/etcd" --unsafe-no-fsync \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-cluster "bench=http://127.0.0.1:$peer_port" --quota-backend-bytes 4294967296 --log-level warn >"$work/etcd.log" 2>&1 &
pids+=($!)
wait_for 30 curl -sf "http://127.0.0.1:$etcd_port/health"
"$bins/kube-apiserver" --etcd-servers "http://127.0.0.1:$etcd_port" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
  --tls-cert-file "$work/certs/tls.crt" --tls-private-key-file "$work/certs/tls.key" --cert-dir "$work/apiserver" \
  --token-auth-file "$work/tokens.csv" --authorization-mode RBAC \
  --service-account-issuer https://kubernetes.default.svc \
  --service-account-key-file "$work/certs/tls.key" --service-account-signing-key-file "$work/certs/tls.key" \
  --service-cluster-ip-range 10.96.0.0/16 --endpoint-reconciler-type none \
  --disable-admission-plugins ServiceAccount >"$work/kube-apiserver.log" 2>&1 &
pids+=($!)
cat > "$work/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters: [{name: bench, cluster: {server: "https://127.0.0.1:$api_port", certificate-authority: "$work/certs/ca.crt"}}]
users: [{name: bench-admin, user: {token: "$token"}}]
contexts: [{name: bench, context: {cluster: bench, user: bench-admin}}]
current-context: bench
KC
export KUBECONFIG="$work/kubeconfig"
kubectl() { "$bins/kubectl" "$@"; }
wait_for 120 kubectl get --raw /readyz
kubectl apply -f deploy/openreports-crds.yaml >/dev/null
kubectl create namespace celador >/dev/null
# what the probe's review looks up: its namespace and headless Service
kubectl create namespace shop >/dev/null
kubectl apply -f bench/reviews/service.yaml >/dev/null

# ---- N objects ------------------------------------------------------------------------------
dump="$root/target/bench-audit/dump-$n.json"
mkdir -p "$(dirname "$dump")"
[[ -f "$dump" ]] || python3 bench/audit-dump.py "$n" "$dump"
t0=$(date +%s)
python3 bench/audit-load.py "$dump" "https://127.0.0.1:$api_port" "$token" "$work/certs/ca.crt" >/dev/null
log "$n objects created in $(( $(date +%s) - t0 )) s"

# ---- the Lease held elsewhere, then Celador ---------------------------------------------------
now=$(date -u +%Y-%m-%dT%H:%M:%S.000000Z)
kubectl apply -f - >/dev/null <<LEASE
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: {name: celador-audit, namespace: celador}
spec: {holderIdentity: bench-holds-the-audit, leaseDurationSeconds: 3600, acquireTime: "$now", renewTime: "$now", leaseTransitions: 0}
LEASE
MALLOC_ARENA_MAX=2 java -XX:MaxRAM="${MAXRAM:-512m}" -XX:MaxRAMPercentage=60 -XX:+UseSerialGC -Xmn72m -XX:SurvivorRatio=4 -XX:TargetSurvivorRatio=90 -XX:MaxTenuringThreshold=3 \
  -Xlog:gc:file="$out/gc.log":time ${SERVER_OPTS:-} \
  -jar target/quarkus-app/quarkus-run.jar serve --policies policies --port "$celador_port" \
  --tls-cert "$work/certs/tls.crt" --tls-key "$work/certs/tls.key" --cluster >"$out/celador.log" 2>&1 &
celador_pid=$!
pids+=($celador_pid)
status() { curl -s --cacert "$work/certs/ca.crt" "https://127.0.0.1:$celador_port/status"; }
wait_for 600 curl -sf --cacert "$work/certs/ca.crt" "https://127.0.0.1:$celador_port/q/health/ready" || { log "Celador not ready"; tail -20 "$out/celador.log" >&2; exit 1; }
[[ "$(status | jq -r .audit.leading)" == false ]] || { log "the server leads already: the idle phase would not be idle"; exit 1; }

probe 15 0 >/dev/null # the server's warm-up (each probe also warms itself up for 5 s before it measures)
load_idle=$(cut -d' ' -f1-3 /proc/loadavg)
idle_from=$(date -u +%s.%N)
read -r idle_p50 idle_p99 idle_p999 idle_n idle_err < <(probe "$seconds")
idle_to=$(date -u +%s.%N)

kubectl delete lease celador-audit -n celador >/dev/null
wait_for 30 bash -c "[[ \$(curl -s --cacert '$work/certs/ca.crt' https://127.0.0.1:$celador_port/status | jq -r .audit.leading) == true ]]" \
  || { log "the server never took the Lease"; exit 1; }
pass_start=$(date +%s)
load_during=$(cut -d' ' -f1-3 /proc/loadavg)
pass_from=$(date -u +%s.%N)
read -r pass_p50 pass_p99 pass_p999 pass_n pass_err < <(probe "$seconds")
pass_to=$(date -u +%s.%N)
running=$(status | jq -r '.audit.lastFullPass == null')
wait_for 900 bash -c "[[ \$(curl -s --cacert '$work/certs/ca.crt' https://127.0.0.1:$celador_port/status | jq -r .audit.lastFullPass) != null ]]" || true
# the pass's reports are written just after it ends: wait until their count stops changing
written=-1
for _ in $(seq 60); do
  now=$(status | jq -r .audit.reportsWritten)
  [[ "$now" != 0 && "$now" == "$written" ]] && break
  written=$now; sleep 2
done
audit=$(status | jq -c '.audit | {lastFullPassSeconds, objectsAudited, results, reportsWritten}')

printf '%s objects; small /validate reviews (sts-create) open loop at %s/s, %s s per phase, 16 connections\n' "$n" "$rate" "$seconds"
printf '%-28s %8s %8s %9s %9s %7s  %s\n' phase "p50 ms" "p99 ms" "p99.9 ms" requests errors "load average at start"
printf '%-28s %8s %8s %9s %9s %7s  %s\n' idle "$idle_p50" "$idle_p99" "$idle_p999" "$idle_n" "$idle_err" "$load_idle"
printf '%-28s %8s %8s %9s %9s %7s  %s\n' "full audit pass running" "$pass_p50" "$pass_p99" "$pass_p999" "$pass_n" "$pass_err" "$load_during"
[[ "$running" == true ]] || echo "NOTE: the pass ended before the phase did ($(( $(date +%s) - pass_start )) s): part of the phase was idle"
echo "audit: $audit"
# the server's collections (Serial: every one stops the webhook too) within each phase
gc_pauses() { python3 - "$out/gc.log" "$1" "$2" <<'PY'
import re, sys, datetime
log, a, b = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
young = full = 0; total = longest = 0.0
for line in open(log):
    m = re.match(r"\[(\S+)\].*Pause (Young|Full).* ([0-9.]+)ms$", line.strip())
    if not m:
        continue
    t = datetime.datetime.strptime(m.group(1)[:23], "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc).timestamp() \
        - int(m.group(1)[23:26]) * 3600
    if a <= t <= b:
        ms = float(m.group(3)); total += ms; longest = max(longest, ms)
        young += m.group(2) == "Young"; full += m.group(2) == "Full"
print("%d young, %d full collections, %.0f ms paused, longest %.0f ms" % (young, full, total, longest))
PY
}
echo "collections, idle phase (with the probe's warm-up): $(gc_pauses "$idle_from" "$idle_to")"
echo "collections, pass phase (with the probe's warm-up): $(gc_pauses "$pass_from" "$pass_to")"
awk -v a="$idle_p99" -v b="$pass_p99" 'BEGIN { r = b / a; printf "p99 during the pass / idle: %.2fx (target <= 1.5x): %s\n", r, r <= 1.5 ? "MET" : "MISSED" }'
if [[ "${SERVER_OPTS:-}" == *NativeMemoryTracking* ]]; then
  jcmd "$celador_pid" VM.native_memory summary > "$out/native-memory.txt" 2>&1 && echo "native memory by area: $out/native-memory.txt"
fi
echo "server peak RSS: $(awk '/VmHWM/ { printf "%.0f MiB", $2 / 1024 }' /proc/$celador_pid/status) (the Deployment's limit: 512 MiB; JVM MaxRAM ${MAXRAM:-512m})"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
