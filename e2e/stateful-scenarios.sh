# Scenarios of the stateful rules, sourced by e2e/scenarios.sh once the headless Service web and
# the StorageClasses exist in namespace $ns.
# shellcheck shell=bash

# ---- a claim template beyond pvc-size-bounds: denied at the StatefulSet, naming the template --
oversized_sts() { sed 's/storage: 1Gi/storage: 2Ti/' "$fx/sts-web.yaml"; }
run_kubectl apply --dry-run=server -n $ns -f - <<<"$(oversized_sts)"
expect sts-template-size "a StatefulSet whose claim template asks for 2Ti is denied" denied
expect sts-template-size "by Celador's webhook" has 'admission webhook "validate.celador.dev" denied the request'
expect sts-template-size "the message names the template and the maximum" \
  has "StatefulSet $ns/web volumeClaimTemplate data requests 2Ti in spec.resources.requests.storage, more than the maximum 1Ti: request at most 1Ti"
run_kubectl apply -n $ns -f - <<<"$(oversized_sts)"
expect sts-template-size "a real apply is denied too" denied
run_kubectl get statefulset web -n $ns
expect sts-template-size "nothing was persisted (get answers NotFound)" has 'NotFound'

# ---- celador check --against-cluster: a changed claim template reported before the apply ----
# A StatefulSet is created for real (the mutating default gives its template the class standard);
# manifests then change it. The check reads the live object through the kubeconfig (read-only)
# and judges each manifest as an UPDATE of it, as the sync will be judged; the API server then
# refuses exactly the applies the check reported. kubectl apply replaces volumeClaimTemplates as
# a whole, so a manifest without the class filled in at create is refused too.
ledger_sts() { sed -e '0,/^  name: web$/s//  name: ledger/' "$fx/sts-web.yaml"; }
run_kubectl apply -n $ns -f - <<<"$(ledger_sts)"
expect check-against-cluster "StatefulSet ledger is created" allowed
acd="$work/against-cluster"
mkdir -p "$acd"
ledger_manifest() { # ledger_manifest SED-EXPRESSION...: the manifest in the repository, scaled to 2, edited
  local args=(-e 's/replicas: 1/replicas: 2/' -e "s/^  name: ledger$/  name: ledger\n  namespace: $ns/")
  for e in "$@"; do args+=(-e "$e"); done
  ledger_sts | sed "${args[@]}"
}
with_class='s/^        accessModes: \[ReadWriteOnce\]$/        storageClassName: standard\n        accessModes: [ReadWriteOnce]/'
ledger_manifest "$with_class" 's/storage: 1Gi/storage: 5Gi/' > "$acd/ledger-grown.yaml"
ledger_manifest "$with_class" > "$acd/ledger-scaled.yaml"
ledger_manifest > "$acd/ledger-scaled-without-class.yaml"
sed -e 's/^  name: ledger$/  name: ledger-two/' "$acd/ledger-scaled.yaml" > "$acd/ledger-two.yaml"
against_cluster() { # against_cluster FILE...: celador check --against-cluster; stdout and stderr in $out
  set +e
  out=$(cd "$acd" && java -jar "$jar" check --policies "$root/policies" --resources "$@" --against-cluster --output text 2>&1); rc=$?
  set -e
}
against_cluster ledger-grown.yaml ledger-scaled-without-class.yaml ledger-two.yaml
{ echo "\$ kubectl apply -n $ns -f ledger.yaml   # created; the repository then changes its manifest"
  echo "\$ celador check --policies policies/ --resources ledger-grown.yaml ledger-scaled-without-class.yaml ledger-two.yaml --against-cluster --output text"
  echo "$out"; echo "(exit $rc)"; } > "$work/check-against-cluster.txt"
sed 's/^/      | /' "$work/check-against-cluster.txt"
expect check-against-cluster "the check fails (exit 1) before anything is applied" test $rc -eq 1
expect check-against-cluster "it read the live StatefulSet and judged the manifest as an UPDATE" \
  has "StatefulSet $ns/ledger: judged as UPDATE of the version in the cluster at https://127.0.0.1:$api_port"
expect check-against-cluster "a StatefulSet the cluster lacks is judged as a CREATE" has "StatefulSet $ns/ledger-two: not in the cluster at"
expect check-against-cluster "statefulset-immutable-fields names the grown template" \
  has "FAIL  statefulset-immutable-fields: StatefulSet $ns/ledger: Kubernetes refuses to change spec.volumeClaimTemplates (data: spec.resources.requests.storage 1Gi -> 5Gi)"
expect check-against-cluster "with the procedure" has "kubectl delete statefulset ledger -n $ns --cascade=orphan, then apply the new manifest"
expect check-against-cluster "and the template that leaves out the class filled in at create" \
  has "(data: spec.storageClassName standard -> (unset) (write storageClassName: standard in the template"
against_cluster ledger-scaled.yaml
expect check-against-cluster "a manifest that scales and keeps the templates passes (defaults the API server fills in are not changes)" test $rc -eq 0
for f in ledger-grown ledger-scaled-without-class; do
  run_kubectl apply -n $ns -f "$acd/$f.yaml"
  # 1.34 refuses the whole spec ("Forbidden: updates to statefulset spec for fields other than ..."),
  # 1.37 the field ("spec.volumeClaimTemplates: Invalid value: ...: field is immutable").
  expect check-against-cluster "the API server refuses $f, as the check said ($(grep -oE 'Forbidden: [^,]{0,50}|field is immutable' <<<"$out" | head -1))" \
    matches "Forbidden: updates to statefulset spec for fields other than|spec\.volumeClaimTemplates: Invalid value: .*field is immutable"
done
run_kubectl apply -n $ns -f "$acd/ledger-scaled.yaml"
expect check-against-cluster "and applies the one the check passed" allowed
run_kubectl get statefulset ledger -n $ns -o 'jsonpath={.spec.replicas}'
expect check-against-cluster "now with 2 replicas" test "$out" = 2

# ---- statefulset-disruption-budget: a PodDisruptionBudget applied in the same file counts ------
# A quorum StatefulSet with its headless Service and PodDisruptionBudget in one file: kubectl
# creates them milliseconds apart, before Celador's cache holds the budget; the Get of the budget
# named like the StatefulSet is confirmed with the API server, so no warning. Without the budget:
# the warning, with the budget to apply.
quorum_file() { # quorum_file NAME WITH_PDB(yes|no)
  sed -E "s/\bweb\b/$1/g" "$fx/svc-web-headless.yaml"
  if [[ $2 == yes ]]; then
    printf -- '---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: %s}\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: %s}\n' "$1" "$1"
  fi
  printf -- '---\n'
  sed -E -e "s/\bweb\b/$1/g" -e 's/^  replicas: 1$/  replicas: 3/' -e "s/^  labels: \{app: $1\}$/  labels: {app: $1, celador.dev\/quorum: \"true\"}/" "$fx/sts-web.yaml"
}
run_kubectl apply -n $ns -f - <<<"$(quorum_file quorum-with-pdb yes)"
expect disruption-budget "a quorum StatefulSet with its PodDisruptionBudget in the same file is created" has "statefulset.apps/quorum-with-pdb created"
expect disruption-budget "without a disruption-budget warning (the budget created just before is seen)" hasnt "statefulset-disruption-budget"
run_kubectl apply -n $ns -f - <<<"$(quorum_file quorum-without-pdb no)"
expect disruption-budget "one without a budget is created (Warn)" has "statefulset.apps/quorum-without-pdb created"
expect disruption-budget "with the warning and the budget to apply" \
  has "StatefulSet $ns/quorum-without-pdb is quorum-based (celador.dev/quorum=true) with 3 replicas, but no PodDisruptionBudget selects its pods"
