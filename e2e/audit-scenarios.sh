# Background audit scenarios, sourced by e2e/run.sh once Celador runs: what was already in the
# cluster before a policy existed shows up in its namespace's OpenReports Report, changes with the
# object and the policy, never with a dry run, and only one of two Celador processes writes.
# shellcheck shell=bash
audit_ns=e2e-audit
"$KUBECTL" create namespace $audit_ns >/dev/null
"$KUBECTL" apply -f "$fx/storageclasses.yaml" >/dev/null
# sts-web.yaml with its claim template's class written out, so pvc-storage-class (which judges
# StatefulSet templates too) passes it whether or not the mutating default has filled it in.
sts_web_with_class() { sed -E 's/^( +)accessModes: \[ReadWriteOnce\]/&\n\1storageClassName: standard/' "$fx/sts-web.yaml"; }
audit_policy="$work/e2e-audit-team-label.yaml"
cat > "$audit_policy" <<'EOF2'
apiVersion: celador.dev/v1alpha1
kind: ValidatingPolicy
metadata:
  name: e2e-audit-team-label
spec:
  validationActions: [Audit]
  matchConstraints:
    resourceRules:
      - {apiGroups: ["apps"], apiVersions: ["v1"], resources: ["statefulsets"], operations: ["CREATE", "UPDATE"]}
  validations:
    - expression: "has(object.metadata.labels) && 'team' in object.metadata.labels"
      messageExpression: "'StatefulSet ' + object.metadata.name + ' has no team label'"
EOF2
# results of one policy on one object in the namespace's report: "fail", "" when none or no report
audit_result() { # audit_result POLICY NAME
  "$KUBECTL" get reports.openreports.io celador-audit -n $audit_ns -o json 2>/dev/null \
    | jq -r --arg p "$1" --arg n "$2" '[.results[]? | select(.policy == $p and .resources[0].name == $n) | .result] | join(",")'
}
audit_wait() { # audit_wait SECONDS POLICY NAME EXPECTED: seconds it took, or fails
  local deadline=$(( $(date +%s) + $1 )) t0; t0=$(date +%s)
  while (( $(date +%s) < deadline )); do
    [[ "$(audit_result "$2" "$3")" == "$4" ]] && { echo $(( $(date +%s) - t0 )); return 0; }
    sleep 0.5
  done
  return 1
}

# ---- a StatefulSet written before its policy existed is reported once the policy loads ----
"$KUBECTL" apply -n $audit_ns -f "$fx/svc-web-headless.yaml" >/dev/null
run_kubectl apply -n $audit_ns -f - <<<"$(sts_web_with_class)"
expect audit-existing "a StatefulSet without a team label is created while no policy asks for one" allowed
apply_policy_configmap "$audit_policy"
project_policies
secs=$(audit_wait 30 e2e-audit-team-label web fail) || secs=never
out=$("$KUBECTL" get reports.openreports.io celador-audit -n $audit_ns -o yaml 2>&1 || true)
expect audit-existing "after the policy loads, the namespace's Report lists it as fail ($secs s)" test "$secs" != never
expect audit-existing "the result carries the message and the binding's actions" \
  bash -c "jq -e '.results[] | select(.policy == \"e2e-audit-team-label\") | .message == \"StatefulSet web has no team label\" and .properties.validationActions == \"Audit\"' <<<\"\$($KUBECTL get reports.openreports.io celador-audit -n $audit_ns -o json)\" >/dev/null"

# ---- a dry run leaves no trace --------------------------------------------------------------
sed -E 's/\bweb\b/ghost/g' "$fx/svc-web-headless.yaml" | "$KUBECTL" apply -n $audit_ns -f - >/dev/null
run_kubectl apply --dry-run=server -n $audit_ns -f - <<<"$(sts_web_with_class | sed -E 's/\bweb\b/ghost/g')"
expect audit-dry-run "a dry-run StatefulSet that breaks the Audit policy is allowed" allowed
sleep 5
out=$("$KUBECTL" get reports.openreports.io celador-audit -n $audit_ns -o json 2>&1 || true)
expect audit-dry-run "5 s later the Report names no StatefulSet ghost" bash -c "! jq -e '.results[]? | select(.resources[0].kind == \"StatefulSet\" and .resources[0].name == \"ghost\")' <<<\"\$0\" >/dev/null" "$out"

# ---- fixing the object removes its failure ----------------------------------------------------
"$KUBECTL" label statefulset web -n $audit_ns team=storage >/dev/null
secs=$(audit_wait 30 e2e-audit-team-label web "") || secs=never
expect audit-fixed "with the label set, the failure leaves the Report ($secs s)" test "$secs" != never
out=$("$KUBECTL" get reports.openreports.io celador-audit -n $audit_ns -o json 2>&1 || true)
expect audit-fixed "the Report still counts passes (summary.pass $(jq -r '.summary.pass' <<<"$out" 2>/dev/null))" \
  test "$(jq -r '.summary.pass' <<<"$out" 2>/dev/null)" -gt 0

# ---- deleting the policy removes its results --------------------------------------------------
"$KUBECTL" label statefulset web -n $audit_ns team- >/dev/null
secs=$(audit_wait 30 e2e-audit-team-label web fail) || secs=never
expect audit-policy-removed "with the label removed again, the failure is back ($secs s)" test "$secs" != never
apply_policy_configmap
project_policies
secs=$(audit_wait 30 e2e-audit-team-label web "") || secs=never
expect audit-policy-removed "with the policy removed from the ConfigMap, its results leave the Report ($secs s)" test "$secs" != never

# ---- celador audit --cluster: the same cluster, live, from the command line ------------------
# Two Secrets (written by the secret manager's controller, as secret-externally-sourced wants)
# whose values must never be printed, and a policy whose message would print one.
cli_value=e2e-live-value-never-printed
for s in e2e-audit-secret-a e2e-audit-secret-b; do
  "$KUBECTL" create secret generic $s -n $audit_ns --from-literal=password=$cli_value \
    --as system:serviceaccount:external-secrets:external-secrets >/dev/null
done
cli_policies="$work/cli-audit-policies"
mkdir -p "$cli_policies"
cp "$audit_policy" "$cli_policies/"
cat > "$cli_policies/e2e-audit-secret-password.yaml" <<'EOF2'
apiVersion: celador.dev/v1alpha1
kind: ValidatingPolicy
metadata:
  name: e2e-audit-secret-password
spec:
  validationActions: [Audit]
  matchConstraints:
    resourceRules:
      - {apiGroups: [""], apiVersions: ["v1"], resources: ["secrets"], operations: ["CREATE", "UPDATE"]}
  validations:
    - expression: "!has(object.data) || !('password' in object.data)"
      messageExpression: "'Secret ' + object.metadata.name + ' keeps a password: ' + object.data.password"
EOF2
# run_cli ARGS...: celador audit on those policies; stdout in $cli_out, stdout and stderr in $out, exit code in $rc
run_cli() {
  set +e; cli_out=$(java ${JAVA_OPTS:-} -jar "$jar" audit --policies "$cli_policies" "$@" 2>"$work/cli-audit.err"); rc=$?; set -e
  out="$cli_out"$'\n'"$(cat "$work/cli-audit.err")"
}
run_cli --cluster --page-size 1 --output json
json=$cli_out
expect audit-cli-live "celador audit --cluster exits 1: the StatefulSet without a team label fails an Audit policy" test "$rc" = 1
expect audit-cli-live "its JSON lists e2e-audit/web failing e2e-audit-team-label, as the Report does" \
  bash -c "jq -e '[.results[] | select(.policy == \"e2e-audit-team-label\" and .resource.namespace == \"$audit_ns\" and .resource.name == \"web\") | .result] == [\"fail\"]' <<<\"\$0\" >/dev/null" "$json"
expect audit-cli-live "both Secrets are judged by key (password present: fail) and their messages show the marker" \
  bash -c "jq -e '[.results[] | select(.policy == \"e2e-audit-secret-password\" and .resource.namespace == \"$audit_ns\") | .messages[0]] | length == 2 and all(endswith(\": <redacted>\"))' <<<\"\$0\" >/dev/null" "$json"
expect audit-cli-live "no Secret value in stdout or stderr" hasnt "$cli_value"
expect audit-cli-live "nor its base64" hasnt "$(printf %s "$cli_value" | base64)"
# The API server's audit log records the Secret LISTs: pages of one, continued.
expect audit-cli-live "Secrets were listed in pages of one with continue tokens (API server audit log)" \
  bash -c "jq -r 'select(.verb == \"list\" and (.requestURI | startswith(\"/api/v1/secrets?\"))) | .requestURI' '$work/audit.log' | grep 'limit=1' | grep -q 'continue='"
run_cli --cluster --output report
expect audit-cli-live "--output report prints the Report of $audit_ns it would write" \
  bash -c "grep -q '^kind: Report' <<<\"\$0\" && grep -q 'namespace: $audit_ns' <<<\"\$0\"" "$out"
expect audit-cli-live "and no Secret value" hasnt "$cli_value"
run_cli --cluster --cluster-state "$fx/sts-web.yaml"
expect audit-cli-live "--cluster with --cluster-state is refused (exit 2)" bash -c "[[ $rc == 2 ]] && grep -q 'not both' <<<\"\$0\"" "$out"
"$KUBECTL" delete secret -n $audit_ns e2e-audit-secret-a e2e-audit-secret-b >/dev/null

# ---- two Celador processes: one Lease, one writer ---------------------------------------------
second_port=$(free_port)
java ${JAVA_OPTS:-} -jar "$jar" serve --policies "$mount" --port "$second_port" \
  --tls-cert "$certs/tls.crt" --tls-key "$certs/tls.key" --cluster >"$work/celador-second.log" 2>&1 &
second_pid=$!
pids+=($second_pid)
wait_for 90 "the second Celador ready" curl -sf --cacert "$certs/ca.crt" "https://127.0.0.1:$second_port/q/health/ready" || true
sleep 8 # several lease periods
first=$(curl -s --cacert "$certs/ca.crt" "https://127.0.0.1:$celador_port/status" | jq -c '.audit')
second=$(curl -s --cacert "$certs/ca.crt" "https://127.0.0.1:$second_port/status" | jq -c '.audit')
out="first: $first second: $second"
expect audit-one-writer "exactly one of the two processes leads the audit" \
  test "$(jq -s '[.[] | select(.leading)] | length' <<<"$first $second")" = 1
expect audit-one-writer "the other has written no report" \
  test "$(jq -s '[.[] | select(.leading | not) | .reportsWritten] | add' <<<"$first $second")" = 0
holder=$("$KUBECTL" get lease celador-audit -n celador -o jsonpath='{.spec.holderIdentity}' 2>&1 || true)
out="holder $holder; $out"
expect audit-one-writer "the Lease celador/celador-audit names the leader" test -n "$holder"
kill "$second_pid"; wait "$second_pid" 2>/dev/null || true
