#!/usr/bin/env bash
# End-to-end suite against a real kube-apiserver + etcd (see e2e/README.md).
#   e2e/run.sh            # build or reuse the binaries, start everything, run every scenario
# Exit code: 0 all scenarios passed, 1 a scenario failed, 3 the binaries could not be built.
# Kubernetes releases: unset, the whole suite runs on the newest (v1.37.2), then the smoke subset
# and the differentials on the oldest supported (v1.34.4). E2E_K8S_VERSION=v1.34.4 or v1.37.2 runs
# one release; E2E_SUBSET=smoke keeps to the smoke scenarios and the differentials.
# Keeps its work directory (logs, kubeconfig) when something fails: E2E_KEEP=1 keeps it always.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
e2e="$root/e2e"
fx="$e2e/fixtures"
suite_start=$(date +%s)
newest=v1.37.2
oldest=v1.34.4
if [[ -z "${E2E_K8S_VERSION:-}" ]]; then
  rc_new=0; rc_old=0
  E2E_K8S_VERSION=$newest "$0" "$@" || rc_new=$?
  E2E_K8S_VERSION=$oldest E2E_SUBSET="${E2E_SUBSET:-smoke}" "$0" "$@" || rc_old=$?
  echo "e2e: Kubernetes $newest: exit $rc_new; Kubernetes $oldest (${E2E_SUBSET:-smoke}): exit $rc_old"
  if [[ $rc_new -eq 1 || $rc_old -eq 1 ]]; then exit 1; fi
  if [[ $rc_new -ne 0 ]]; then exit "$rc_new"; fi
  exit "$rc_old"
fi
k8s_minor=$(sed -E 's/^v1\.([0-9]+)\..*/\1/' <<<"$E2E_K8S_VERSION")

bins=$(CELADOR_K8S_VERSION="$E2E_K8S_VERSION" "$e2e/build-binaries.sh") || { echo "e2e: SKIP: the Kubernetes binaries could not be built (see above)"; exit 3; }
export PATH="$bins:$PATH"
KUBECTL="$bins/kubectl"

work=$(mktemp -d "${TMPDIR:-/tmp}/celador-e2e.XXXXXX")
pids=()
failures=0
passes=0
cleanup() {
  local rc=$?
  # Everything runs on throwaway state: a short grace period, then SIGKILL (kube-apiserver's
  # graceful shutdown would otherwise take a minute).
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    alive=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [[ $alive -eq 0 ]] && break; sleep 0.5
  done
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ $rc -ne 0 || $failures -ne 0 || -n "${E2E_KEEP:-}" ]]; then
    echo "e2e: logs and kubeconfig kept in $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

log() { echo "e2e: $*"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_for() { # wait_for SECONDS DESCRIPTION CMD...
  local deadline=$(( $(date +%s) + $1 )) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) > deadline )); then log "timed out waiting for $what"; return 1; fi
    sleep 0.5
  done
}

# ---- checks: each prints PASS/FAIL with what the user saw -------------------------------
pass() { passes=$((passes + 1)); echo "PASS  $*"; }
fail() { failures=$((failures + 1)); echo "FAIL  $*"; }
# run_kubectl: runs kubectl, leaves exit code in $rc and stdout+stderr in $out
run_kubectl() { set +e; out=$("$KUBECTL" "$@" 2>&1); rc=$?; set -e; }
expect() { # expect NAME CONDITION-DESCRIPTION TEST...
  local name=$1 what=$2; shift 2
  if "$@"; then pass "$name: $what"; else fail "$name: $what"; printf '      kubectl exit %s, output:\n%s\n' "$rc" "$(sed 's/^/      | /' <<<"$out")"; fi
}
denied() { [[ $rc -ne 0 ]]; }
allowed() { [[ $rc -eq 0 ]]; }
has() { grep -qF -- "$1" <<<"$out"; }
hasnt() { ! grep -qF -- "$1" <<<"$out"; }
matches() { grep -qE -- "$1" <<<"$out"; }

# ---- certificates: one CA for Celador's and the API server's serving certificates --------
log "work directory $work"
OUT_DIR="$work/certs" "$root/certs/generate.sh" >/dev/null
certs="$work/certs"
token=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
echo "$token,e2e-admin,e2e-admin,system:masters" > "$work/tokens.csv"

# ---- etcd and kube-apiserver on loopback -------------------------------------------------
etcd_port=$(free_port); peer_port=$(free_port); api_port=$(free_port); celador_port=$(free_port)
etcd --name e2e --data-dir "$work/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-cluster "e2e=http://127.0.0.1:$peer_port" --log-level warn >"$work/etcd.log" 2>&1 &
pids+=($!)
wait_for 30 etcd curl -sf "http://127.0.0.1:$etcd_port/health"

# Authorization is RBAC: the impersonated users of the scenarios (a person, the external-secrets
# controller) are bound to cluster-admin below, so admission is what decides for them, while the
# tenant of the exception scenario has rights in its own namespace only. PersistentVolumeClaimResize
# is off so that Celador's pvc-expansion-allowed policy, not the built-in plugin, decides resizes.
# The audit log (Metadata level, Secrets only: never a value) records the annotations webhooks
# return, such as validate.celador.dev/exception.
cat > "$work/audit-policy.yaml" <<'EOF'
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: Metadata
    resources: [{group: "", resources: ["secrets"]}]
  - level: None
EOF
kube-apiserver --etcd-servers "http://127.0.0.1:$etcd_port" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
  --tls-cert-file "$certs/tls.crt" --tls-private-key-file "$certs/tls.key" --cert-dir "$work/apiserver" \
  --token-auth-file "$work/tokens.csv" --authorization-mode RBAC \
  --audit-policy-file "$work/audit-policy.yaml" --audit-log-path "$work/audit.log" --audit-log-format json \
  --service-account-issuer https://kubernetes.default.svc \
  --service-account-key-file "$certs/tls.key" --service-account-signing-key-file "$certs/tls.key" \
  --service-cluster-ip-range 10.96.0.0/16 \
  --disable-admission-plugins PersistentVolumeClaimResize,ServiceAccount \
  --endpoint-reconciler-type none \
  $( ((k8s_minor < 36)) && echo "--feature-gates=MutatingAdmissionPolicy=true --runtime-config=admissionregistration.k8s.io/v1beta1=true") \
  >"$work/kube-apiserver.log" 2>&1 &
pids+=($!)
cat > "$work/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: e2e
    cluster: {server: "https://127.0.0.1:$api_port", certificate-authority: "$certs/ca.crt"}
users:
  - name: e2e-admin
    user: {token: "$token"}
contexts:
  - name: e2e
    context: {cluster: e2e, user: e2e-admin}
current-context: e2e
EOF
chmod 600 "$work/kubeconfig"
export KUBECONFIG="$work/kubeconfig"
wait_for 120 kube-apiserver "$KUBECTL" get --raw /readyz
log "kube-apiserver $("$KUBECTL" version -o json | jq -r .serverVersion.gitVersion) on 127.0.0.1:$api_port (etcd 127.0.0.1:$etcd_port)"
wait_for 60 "namespace default" "$KUBECTL" get namespace default
"$KUBECTL" create clusterrolebinding e2e-impersonated-admins --clusterrole cluster-admin \
  --user alice --user bob --serviceaccount external-secrets:external-secrets >/dev/null
# The PolicyException CRD, before Celador starts, so its informer watches exceptions from the start.
"$KUBECTL" apply -f "$root/deploy/policy-exception-crd.yaml" >/dev/null
"$KUBECTL" wait --for condition=established --timeout 30s crd/policyexceptions.celador.dev >/dev/null
# The OpenReports CRDs the background audit writes its reports as.
"$KUBECTL" apply -f "$root/deploy/openreports-crds.yaml" >/dev/null

# ---- the policy ConfigMap, projected into a directory as the kubelet does -----------------
# The policies reach Celador the way they do in a cluster: as the ConfigMap celador-policies
# (deploy/policies, which deploy/sync-policies.sh makes from policies/) in the API server. project_policies plays the
# kubelet's part: it reads the ConfigMap back from the API server and writes the atomic-writer
# layout (a timestamped directory, the ..data symlink swapped in one rename, one symlink per key).
"$KUBECTL" create namespace celador >/dev/null
mount="$work/policies-mount"
mkdir -p "$mount"
# The label deploy/sync-policies.sh gives the ConfigMap: the policy-source webhook selects on it.
differential_prerequisites() { # applies the params ConfigMaps of the policy trees (listed in policy_params) and External Secrets' kinds
  local f
  policy_params=()
  while IFS= read -r f; do policy_params+=("$f"); done < <(grep -l '^kind: ConfigMap' "$root"/policies/*/*.yaml)
  for f in "${policy_params[@]}"; do "$KUBECTL" apply -f "$f" >/dev/null; done
  "$KUBECTL" apply -f "$fx/external-secrets-crds.yaml" >/dev/null
  "$KUBECTL" wait --for condition=established --timeout 30s -f "$fx/external-secrets-crds.yaml" >/dev/null
}
as_policy_source() { "$KUBECTL" label --local -f - celador.dev/policy-source=true -o yaml; }
policy_configmap_yaml() { # policy_configmap_yaml [EXTRA-FILE...]: deploy/policies plus the files, keyed by base name
  local args=()
  for f in "$root"/deploy/policies/*--*.yaml "$@"; do
    [[ -f "$f" ]] && args+=(--from-file="$(basename "$f")=$f")
  done
  "$KUBECTL" create configmap celador-policies -n celador "${args[@]}" --dry-run=client -o yaml | as_policy_source
}
apply_policy_configmap() { # apply_policy_configmap [EXTRA-FILE...]
  policy_configmap_yaml "$@" | "$KUBECTL" apply -f - >/dev/null
}
project_policies() {
  local rev="..$(date +%Y_%m_%d_%H_%M_%S.%N)"
  mkdir -p "$mount/$rev"
  "$KUBECTL" get configmap celador-policies -n celador -o json \
    | python3 -c '
import json, os, sys
d = json.load(sys.stdin).get("data", {})
for k, v in d.items():
    open(os.path.join(sys.argv[1], k), "w").write(v)
print("\n".join(d))' "$mount/$rev" > "$work/keys"
  local old; old=$(readlink "$mount/..data" 2>/dev/null || true)
  ln -sfn "$rev" "$mount/..data_tmp" && mv -T "$mount/..data_tmp" "$mount/..data"
  for k in "$mount"/*; do [[ -L "$k" ]] && ! grep -qxF "$(basename "$k")" "$work/keys" && rm -f "$k"; done
  while read -r k; do [[ -e "$mount/$k" ]] || ln -s "..data/$k" "$mount/$k"; done < "$work/keys"
  [[ -n "$old" ]] && rm -rf "${mount:?}/$old"
  return 0
}
apply_policy_configmap
project_policies

# ---- Celador, reading the cluster through the kubeconfig ---------------------------------
jar="$root/target/quarkus-app/quarkus-run.jar"
[[ -f "$jar" ]] || (cd "$root" && ./mvnw -B -q package -DskipTests)
start_celador() {
  java ${JAVA_OPTS:-} -Dcelador.kubernetes-version="$E2E_K8S_VERSION" -jar "$jar" serve --policies "$mount" --port "$celador_port" \
    --tls-cert "$certs/tls.crt" --tls-key "$certs/tls.key" --cluster >>"$work/celador.log" 2>&1 &
  celador_pid=$!
  pids+=($celador_pid)
  wait_for 90 "Celador ready" curl -sf --cacert "$certs/ca.crt" "https://127.0.0.1:$celador_port/q/health/ready"
}
stop_celador() { kill "$celador_pid"; wait "$celador_pid" 2>/dev/null || true; }
start_celador
log "Celador on https://127.0.0.1:$celador_port ($(curl -s --cacert "$certs/ca.crt" "https://127.0.0.1:$celador_port/status" | jq -r '"\(.validatingPolicies | length) validating, \(.mutatingPolicies | length) mutating, \(.problems | length) problems"'))"

# ---- the webhook configurations of deploy/, with a URL client config and the real caBundle --
# Rewritten from deploy/webhooks.yaml: the service client config becomes url: https://127.0.0.1:PORT/PATH,
# CA_BUNDLE_PLACEHOLDER the generated CA, and e2e-native (the differential check's namespace,
# where only the native engine runs) joins kube-system and celador in the excluded namespaces, with
# the mutation differential's two (e2e/mutation-differential.sh registers its own webhook for one).
awk -v base="https://127.0.0.1:$celador_port" -v ca="$(cat "$certs/caBundle")" '
  /^ *service:$/ { svc = 1; ind = index($0, "s"); next }
  svc && (index($0, substr("                    ", 1, ind)) == 1 && length($0) > ind) {
    if ($1 == "path:") path = $2; next }
  svc { printf "%*surl: \"%s%s\"\n", ind - 1, "", base, path; svc = 0 }
  { gsub(/CA_BUNDLE_PLACEHOLDER/, ca); sub(/\["kube-system", "celador"\]/, "[\"kube-system\", \"celador\", \"e2e-native\", \"e2e-map-native\", \"e2e-map-celador\"]"); print }
' "$root/deploy/webhooks.yaml" > "$work/webhooks.yaml"
grep -q 'url: "https://127.0.0.1' "$work/webhooks.yaml" && ! grep -q 'service:' "$work/webhooks.yaml" \
  || { log "could not rewrite deploy/webhooks.yaml"; exit 1; }
"$KUBECTL" apply -f "$work/webhooks.yaml" >/dev/null

# The API server's webhook informer needs a moment; wait until a write is really checked.
"$KUBECTL" create namespace e2e >/dev/null
wait_for 30 "the webhook to be called" bash -c "! '$KUBECTL' apply --dry-run=server -n e2e -f '$fx/sts-web.yaml'"
log "setup done in $(( $(date +%s) - suite_start )) s"

# E2E_ONLY=audit runs the background audit's scenarios alone, E2E_ONLY=mutation-differential the
# mutation differential alone.
if [[ "${E2E_ONLY:-}" == mutation-differential ]]; then
  . "$e2e/mutation-differential.sh"
else
  [[ "${E2E_ONLY:-}" == audit ]] || . "$e2e/scenarios.sh"
  . "$e2e/audit-scenarios.sh"
fi

log "Kubernetes $E2E_K8S_VERSION (${E2E_SUBSET:-full}): $passes passed, $failures failed; suite wall time $(( $(date +%s) - suite_start )) s"
[[ $failures -eq 0 ]]
