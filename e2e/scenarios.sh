# Scenarios of the e2e suite, sourced by e2e/run.sh once etcd, kube-apiserver and Celador run.
# Each asserts what a kubectl user sees: the exit code, the messages, the returned object.
# shellcheck shell=bash
ns=e2e
as_person=(--as alice)
as_controller=(--as system:serviceaccount:external-secrets:external-secrets)

# ---- StatefulSet without its headless Service: denied, nothing persisted ----------------
run_kubectl apply --dry-run=server -n $ns -f "$fx/sts-web.yaml"
expect sts-without-service "dry-run apply is denied by Celador's webhook" denied
expect sts-without-service "the message is Celador's" has 'admission webhook "validate.celador.dev" denied the request'
expect sts-without-service "it names the missing Service and the fix" has "names spec.serviceName web but no Service web exists in namespace $ns: create it first"
run_kubectl apply -n $ns -f "$fx/sts-web.yaml"
expect sts-without-service "a real apply is denied too" denied
run_kubectl get statefulset web -n $ns
expect sts-without-service "nothing was persisted (get answers NotFound)" has 'NotFound'

# ---- the same after the headless Service exists: allowed, with injected defaults ----------
"$KUBECTL" apply -f "$fx/storageclasses.yaml" >/dev/null
run_kubectl apply -n $ns -f "$fx/svc-web-headless.yaml"
expect headless-service "the headless Service is created" allowed
# Celador sees the Service through its informer, a moment after it is written.
wait_for 20 "Celador to see Service web" bash -c "'$KUBECTL' apply --dry-run=server -n $ns -f '$fx/sts-web.yaml'" || true
run_kubectl apply --dry-run=server -n $ns -f "$fx/sts-web.yaml" -o json
expect sts-with-service "dry-run apply is allowed" allowed
sts_json=$out
out=$(jq -r '.spec.template.spec.containers[0].readinessProbe.tcpSocket.port // "none"' <<<"$sts_json" 2>&1)
expect sts-with-service "the returned object carries the injected readiness probe (tcpSocket $out)" test "$out" != none
out=$(jq -r '.spec.volumeClaimTemplates[0].spec.storageClassName // "none"' <<<"$sts_json" 2>&1)
expect sts-with-service "the returned claim template carries storageClassName $out" test "$out" = standard
run_kubectl get statefulset web -n $ns
expect sts-with-service "a dry run persisted nothing" has 'NotFound'

# ---- the stateful rules: claim templates, immutable fields, check against the live cluster ----
. "$e2e/stateful-scenarios.sh"

# ---- one file, Service and StatefulSet: the lookup sees what the API server has ------------
# kubectl creates the objects of one file milliseconds apart, before Celador's informer can hold
# the new Service; a cache miss is confirmed by a live read. Fresh names every round.
race_file() { # race_file NAME ORDER(service-first|statefulset-first)
  local svc sts
  svc=$(sed -E "s/\bweb\b/$1/g" "$fx/svc-web-headless.yaml")
  sts=$(sed -E "s/\bweb\b/$1/g" "$fx/sts-web.yaml")
  if [[ $2 == service-first ]]; then printf '%s\n---\n%s\n' "$svc" "$sts"; else printf '%s\n---\n%s\n' "$sts" "$svc"; fi
}
race_rounds=30
race_allowed=0; race_allowed_out=''
for i in $(seq 1 $race_rounds); do
  run_kubectl apply -n $ns -f - <<<"$(race_file "race-svc-first-$i" service-first)"
  if allowed && has "statefulset.apps/race-svc-first-$i created"; then race_allowed=$((race_allowed + 1)); else race_allowed_out=$out; fi
done
out=$race_allowed_out
expect lookup-race "Service first in one file: the StatefulSet is created $race_allowed of $race_rounds times" test $race_allowed -eq $race_rounds
race_denied=0; race_denied_out=''
for i in $(seq 1 $race_rounds); do
  name="race-sts-first-$i"
  run_kubectl apply -n $ns -f - <<<"$(race_file "$name" statefulset-first)"
  if denied && has "names spec.serviceName $name but no Service $name exists in namespace $ns" && has "service/$name created"; then
    race_denied=$((race_denied + 1)); else race_denied_out=$out; fi
done
out=$race_denied_out
expect lookup-race "StatefulSet first in one file: it is denied $race_denied of $race_rounds times (its Service does not exist yet), the Service after it is created" test $race_denied -eq $race_rounds

out=$(curl -s --cacert "$certs/ca.crt" "https://127.0.0.1:$celador_port/q/metrics" | grep '^celador_cluster_live_reads_total' || true)
expect lookup-race "the misses were confirmed by live reads (celador_cluster_live_reads_total: $(awk '{s += $2} END {print s + 0}' <<<"$out"))" has 'outcome="ok"'

# ---- Warn policies: Warning lines in kubectl output -------------------------------------
run_kubectl apply --dry-run=server -n $ns -f "$fx/sts-web-sidecar.yaml"
expect warn-policy "the StatefulSet is allowed" allowed
expect warn-policy "kubectl prints Celador's warning" has "Warning: Validation failed for ValidatingPolicy 'statefulset-readiness-probe'"
expect warn-policy "the warning names the container without a probe" has "containers log-shipper have no readinessProbe"

# ---- Secrets (secret-externally-sourced): a person is denied, the external-secrets controller is allowed -------------
run_kubectl create --dry-run=server -n $ns -f "$fx/secret-db.yaml" "${as_person[@]}"
expect secret-by-person "alice's Secret is denied (Forbidden)" has 'Error from server (Forbidden)'
expect secret-by-person "the message names the writer and the fix" has "Secret $ns/db-credentials may be created only by an external secret manager, not by alice"
expect secret-by-person "the Secret's data is not echoed" hasnt 'ZHVtbXktbm90LWEtc2VjcmV0'
run_kubectl create -n $ns -f "$fx/secret-db.yaml" "${as_controller[@]}"
expect secret-by-controller "the controller identity (impersonated) writes it" allowed
run_kubectl get secret db-credentials -n $ns -o name
expect secret-by-controller "the Secret is persisted" has 'secret/db-credentials'

# ---- the smoke subset (E2E_SUBSET=smoke, the oldest release) ends here: the differentials follow --
if [[ "${E2E_SUBSET:-full}" == smoke ]]; then
  . "$e2e/differential.sh"
  . "$e2e/mutation-differential.sh"
  return 0
fi

# ---- PVC resize (pvc-expansion-allowed): allowed or denied by its StorageClass -----------------------------------
for c in standard fixed; do
  "$KUBECTL" apply -n $ns -f "$fx/pvc-$c.yaml" >/dev/null
  # No controller binds claims here; the API server allows resizing bound claims only.
  "$KUBECTL" patch pvc data-$c -n $ns --subresource=status --type=merge -p '{"status":{"phase":"Bound"}}' >/dev/null
done
wait_for 20 "Celador to see StorageClass standard" bash -c \
  "'$KUBECTL' patch pvc data-standard -n $ns --dry-run=server --type=merge -p '{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"2Gi\"}}}}'" || true
run_kubectl patch pvc data-standard -n $ns --type=merge -p '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}'
expect pvc-resize "a claim of an expandable class grows" allowed
run_kubectl get pvc data-standard -n $ns -o 'jsonpath={.spec.resources.requests.storage}'
expect pvc-resize "its request is now 2Gi" test "$out" = 2Gi
run_kubectl patch pvc data-fixed -n $ns --type=merge -p '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}'
expect pvc-resize "a claim of a class without allowVolumeExpansion is denied" denied
expect pvc-resize "with Celador's message" has "PersistentVolumeClaim $ns/data-fixed cannot grow from 1Gi to 2Gi: StorageClass fixed does not allow volume expansion"
run_kubectl get pvc data-fixed -n $ns -o 'jsonpath={.spec.resources.requests.storage}'
expect pvc-resize "its request stays 1Gi" test "$out" = 1Gi

# ---- PolicyException: granted in Celador's namespace only, traced, and expiring ----------
# carol is a tenant: she may write Secrets and PolicyExceptions in e2e-tenant and nothing in celador.
tenant=e2e-tenant
as_tenant=(--as carol)
"$KUBECTL" create namespace $tenant >/dev/null
"$KUBECTL" create role tenant-writer -n $tenant --verb='*' --resource=secrets,policyexceptions.celador.dev >/dev/null
"$KUBECTL" create rolebinding carol-writes -n $tenant --role tenant-writer --user carol >/dev/null
# The label that every shipped policy once honoured: it must no longer exempt anything.
tenant_secret() {
  cat <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: bootstrap-admin
  namespace: $tenant
  labels: {celador.dev/exempt: "true"}
type: Opaque
stringData: {password: e2e-not-a-secret}
EOF
}
exception() { # exception NAMESPACE NAME [EXPIRES-AT]
  cat <<EOF
apiVersion: celador.dev/v1alpha1
kind: PolicyException
metadata: {name: $2, namespace: $1}
spec:
  policies: [{name: secret-externally-sourced}]
  match: {namespaces: [$tenant], names: [bootstrap-admin], kinds: [Secret]}
  reason: the installer writes bootstrap-admin once
  owner: platform-team
${3:+  expiresAt: "$3"}
EOF
}
run_kubectl create -f - "${as_tenant[@]}" <<<"$(tenant_secret)"
expect exception-tenant "a hand-made Secret labelled celador.dev/exempt is denied" has "Secret $tenant/bootstrap-admin may be created only by an external secret manager, not by carol"
run_kubectl create -f - "${as_tenant[@]}" <<<"$(exception $tenant own-exemption)"
expect exception-tenant "the tenant may create a PolicyException in her own namespace" allowed
expect exception-tenant "Celador warns that it has no effect there" has "PolicyException $tenant/own-exemption has no effect: Celador reads exceptions only from namespace(s) celador"
sleep 2 # give the informer the time it would need to see it
run_kubectl create -f - "${as_tenant[@]}" <<<"$(tenant_secret)"
expect exception-tenant "her own exception has no effect: the Secret is still denied" has "may be created only by an external secret manager"
run_kubectl create -f - "${as_tenant[@]}" <<<"$(exception celador carols-exemption)"
expect exception-tenant "she may not create one in Celador's namespace (RBAC)" has 'is forbidden: User "carol" cannot create resource "policyexceptions"'
curl -s --cacert "$certs/ca.crt" "https://127.0.0.1:$celador_port/status" > "$work/status.json"
out=$(jq -c '.exceptions.ignored' "$work/status.json")
expect exception-tenant "/status lists the tenant's exception as ignored" has "\"name\":\"$tenant/own-exemption\""

run_kubectl create -f - <<<"$(sed 's/name: secret-externally-sourced/name: secret-externaly-sourced/' <<<"$(exception celador typo)")"
expect exception-admin "a PolicyException naming an unknown policy is denied by Celador" has 'denied the request: PolicyException celador/typo denied by Celador: spec.policies[0].name: Not found: "secret-externaly-sourced"'
run_kubectl create -f - <<<"$(exception celador expired "2020-01-01T00:00:00Z")"
expect exception-admin "one whose expiresAt has passed is denied" has 'spec.expiresAt: expired at 2020-01-01T00:00:00Z'
expires=$(date -u -d '+25 seconds' +%Y-%m-%dT%H:%M:%SZ)
exception_pid=$celador_pid
run_kubectl create -f - <<<"$(exception celador installer-bootstrap "$expires")"
expect exception-admin "an administrator grants one in Celador's namespace (expires $expires)" allowed
wait_for 10 "Celador to see the exception" bash -c "'$KUBECTL' create --dry-run=server -f - --as carol <<<\"\$0\"" "$(tenant_secret)" || true
run_kubectl create -f - "${as_tenant[@]}" <<<"$(tenant_secret)"
expect exception-admin "the same Secret is now allowed and stored" allowed
uid=$("$KUBECTL" get secret bootstrap-admin -n $tenant -o jsonpath='{.metadata.uid}')
out=$(jq -r --arg uid "$uid" 'select(.verb == "create" and .objectRef.resource == "secrets" and .objectRef.namespace == "'$tenant'"
        and .objectRef.name == "bootstrap-admin" and .responseStatus.code == 201) | .annotations["validate.celador.dev/exception"] // "none"' \
      "$work/audit.log" | tail -1)
expect exception-admin "the audit log's annotation names exception and policy ($out)" test "$out" = "celador/installer-bootstrap: secret-externally-sourced"
"$KUBECTL" delete secret bootstrap-admin -n $tenant >/dev/null
now=$(date +%s); until_expiry=$(( $(date -u -d "$expires" +%s) - now + 1 ))
(( until_expiry > 0 )) && sleep "$until_expiry"
run_kubectl create -f - "${as_tenant[@]}" <<<"$(tenant_secret)"
expect exception-expired "once expiresAt has passed, the Secret is denied again" has "may be created only by an external secret manager"
expect exception-expired "without a restart (same process $exception_pid)" kill -0 "$exception_pid"

# ---- a policy change through the policy ConfigMap, without a restart ---------------------
reload_pid=$celador_pid
reload_policy="$work/e2e-reload-marker.yaml"
cat > "$reload_policy" <<'EOF'
apiVersion: celador.dev/v1alpha1
kind: ValidatingPolicy
metadata:
  name: e2e-reload-marker
spec:
  validationActions: [Deny]
  matchConstraints:
    resourceRules:
      - {apiGroups: ["apps"], apiVersions: ["v1"], resources: ["statefulsets"], operations: ["CREATE", "UPDATE"]}
  validations:
    - expression: "object.metadata.?labels['e2e/reload'].orValue('') != 'deny'"
      message: "denied by e2e-reload-marker, added through the celador-policies ConfigMap"
EOF
labelled_sts() { sed 's/^  labels: {app: web}$/  labels: {app: web, e2e\/reload: deny}/' "$fx/sts-web.yaml"; }
run_kubectl apply --dry-run=server -n $ns -f - <<<"$(labelled_sts)"
expect policy-reload "before the change, a labelled StatefulSet is allowed" allowed
apply_policy_configmap "$reload_policy"
project_policies
t0=$(date +%s)
wait_for 20 "the new policy to take effect" bash -c "! '$KUBECTL' apply --dry-run=server -n $ns -f - <<<\"\$0\"" "$(labelled_sts)" || true
run_kubectl apply --dry-run=server -n $ns -f - <<<"$(labelled_sts)"
expect policy-reload "after the ConfigMap change ($(( $(date +%s) - t0 )) s), it is denied by the new policy" has "denied by e2e-reload-marker, added through the celador-policies ConfigMap"
expect policy-reload "Celador was not restarted (same process $reload_pid)" kill -0 "$reload_pid"
apply_policy_configmap
project_policies
wait_for 20 "the policy to be removed" bash -c "'$KUBECTL' apply --dry-run=server -n $ns -f - <<<\"\$0\"" "$(labelled_sts)" || true
run_kubectl apply --dry-run=server -n $ns -f - <<<"$(labelled_sts)"
expect policy-reload "with the policy removed from the ConfigMap, it is allowed again" allowed

# ---- the policy source guards itself: a ConfigMap whose policies would not load is refused --
# The same set with one more file whose CEL does not type-check: refused by the policy-source
# webhook (dry run and real apply alike) with the file:line of the problem; nothing is stored.
broken_policy="$work/e2e-guard--policy.yaml"
fixed_policy="$work/fixed/e2e-guard--policy.yaml"
mkdir -p "$work/fixed"
cat > "$broken_policy" <<'EOF'
apiVersion: celador.dev/v1alpha1
kind: ValidatingPolicy
metadata:
  name: e2e-guard
spec:
  validationActions: [Warn]
  matchConstraints:
    resourceRules:
      - {apiGroups: ["apps"], apiVersions: ["v1"], resources: ["statefulsets"], operations: ["CREATE"]}
  validations:
    - expression: "size(object.metadata.name) > 'three'"
      message: "e2e-guard: a short StatefulSet name"
EOF
sed "s/ > 'three'/ > 3/" "$broken_policy" > "$fixed_policy"
policy_rv() { "$KUBECTL" get configmap celador-policies -n celador -o 'jsonpath={.metadata.resourceVersion}'; }
located_problem() { grep -qE "e2e-guard--policy\.yaml:[0-9]+:[0-9]+: e2e-guard/spec\.validations\[0\]\.expression: compile error: .*found no matching overload for '_>_' applied to '\(int, string\)'" <<<"$out"; }
rv_before=$(policy_rv)
run_kubectl apply --dry-run=server -f - <<<"$(policy_configmap_yaml "$broken_policy")"
expect policy-source "a dry-run apply of the policies ConfigMap with a broken policy is refused" denied
expect policy-source "by Celador's policy-source webhook" has 'admission webhook "policy-source.celador.dev" denied the request'
expect policy-source "the message says the policies would not load" has 'ConfigMap celador/celador-policies is refused: its policies would not load (1 problem):'
expect policy-source "it locates the problem as file:line:column: policy/field: compile error" located_problem
dry_message=$(grep -F 'policy-source.celador.dev' <<<"$out" || true)
run_kubectl apply -f - <<<"$(policy_configmap_yaml "$broken_policy")"
expect policy-source "a real apply is refused too" denied
expect policy-source "with the same message as the dry run" test "$(grep -F 'policy-source.celador.dev' <<<"$out" || true)" = "$dry_message"
expect policy-source "and the same located problem" located_problem
out=$(policy_rv)
expect policy-source "the stored ConfigMap is unchanged (resourceVersion $rv_before)" test "$out" = "$rv_before"
run_kubectl apply -f - <<<"$(policy_configmap_yaml "$fixed_policy")"
expect policy-source "the fixed set applies" allowed
expect policy-source "and is stored (kubectl: configured)" has 'configmap/celador-policies configured'
run_kubectl get configmap celador-policies -n celador -o 'jsonpath={.data.e2e-guard--policy\.yaml}'
expect policy-source "with the fixed policy in it" has "size(object.metadata.name) > 3"
apply_policy_configmap
out=$(grep -cF 'policy-source allowed=true' "$work/celador.log" || true)
expect policy-source "Celador checked and allowed the good writes ($out request lines)" test "${out:-0}" -ge 2

# ---- kube-system is never intercepted ----------------------------------------------------
# With Celador up: a StatefulSet without its Service, denied in e2e, is written in kube-system
# and gets none of the injected defaults.
run_kubectl apply -n kube-system -f "$fx/sts-web.yaml"
expect kube-system "a StatefulSet without its headless Service is written (Celador is not asked)" allowed
run_kubectl get statefulset web -n kube-system -o 'jsonpath={.spec.template.spec.containers[0].readinessProbe}'
expect kube-system "it carries no injected readiness probe" test -z "$out"

# ---- Celador stopped: failurePolicy as documented; kube-system never blocked -------------
stop_celador
run_kubectl apply --dry-run=server -n $ns -f "$fx/sts-web.yaml"
expect celador-down "a StatefulSet write fails closed (validating failurePolicy: Fail)" has 'failed calling webhook "validate.celador.dev"'
expect celador-down "and is refused" denied
run_kubectl create configmap unrelated -n $ns --from-literal=k=v
expect celador-down "a write no webhook matches still works" allowed
# Bootstrap: the policies ConfigMap must be creatable before any Celador pod runs (the pods mount
# it), so the policy-source webhook fails open (failurePolicy: Ignore).
"$KUBECTL" delete configmap celador-policies -n celador >/dev/null
run_kubectl apply -f - <<<"$(policy_configmap_yaml)"
expect celador-down "the policies ConfigMap is created with no Celador running (policy-source failurePolicy: Ignore)" allowed
run_kubectl get configmap celador-policies -n celador -o 'jsonpath={.metadata.labels.celador\.dev/policy-source}'
expect celador-down "it is stored, labelled as the policy source" test "$out" = true
run_kubectl apply -n kube-system -f "$fx/sts-web-sidecar.yaml"
expect celador-down "a StatefulSet in kube-system is still written (never intercepted)" allowed
# Mutation alone fails open: with only the mutating configuration left, a write goes through
# without the injected defaults.
"$KUBECTL" get validatingwebhookconfiguration celador-validating -o json > "$work/validating.json"
"$KUBECTL" delete validatingwebhookconfiguration celador-validating >/dev/null
sleep 2
run_kubectl apply --dry-run=server -n $ns -f "$fx/sts-web.yaml" -o json
expect celador-down "with validation removed, the mutating webhook fails open (failurePolicy: Ignore)" allowed
out=$(jq -r '.spec.template.spec.containers[0].readinessProbe // "none"' <<<"$out" 2>&1)
expect celador-down "the object goes through without an injected probe" test "$out" = none
jq 'del(.metadata.resourceVersion, .metadata.uid, .metadata.creationTimestamp, .metadata.generation, .metadata.managedFields)' \
  "$work/validating.json" | "$KUBECTL" apply -f - >/dev/null
start_celador
wait_for 30 "the webhook to answer again" bash -c "'$KUBECTL' apply --dry-run=server -n $ns -f '$fx/sts-web.yaml'" || true
run_kubectl apply --dry-run=server -n $ns -f "$fx/sts-web.yaml"
expect celador-restarted "Celador back: the StatefulSet is allowed again" allowed

# ---- fabric8 client scenarios (JUnit, behind the e2e Maven profile) ----------------------
if [[ -z "${E2E_SKIP_FABRIC8:-}" ]]; then
  set +e
  (cd "$root" && ./mvnw -B -Pe2e test -Dcelador.e2e.kubeconfig="$KUBECONFIG" \
     -Dcelador.e2e.fixtures="$fx") > "$work/fabric8.log" 2>&1
  rc=$?
  set -e
  out=$(grep -E 'Tests run:|FAIL|ERROR\]' "$work/fabric8.log" | head -20 || true)
  expect fabric8 "the fabric8 scenarios pass (AdmissionE2ETest, mvn exit $rc)" test $rc -eq 0
  expect fabric8 "all four of them ran" grep -qE 'Tests run: 4, Failures: 0, Errors: 0, Skipped: 0' "$work/fabric8.log"
fi

. "$e2e/differential.sh"
. "$e2e/mutation-differential.sh"
