# Mutation differential against the API server's own MutatingAdmissionPolicy engine, sourced by
# e2e/scenarios.sh after the validating one (E2E_ONLY=mutation-differential runs it alone).
# `celador export` of the shipped mutating policies and of e2e/fixtures/mutation-differential/policies
# is installed twice, from the same documents:
#   - natively in the API server, each binding given matchResources.namespaceSelector for
#     e2e-map-native before it is applied (the rewritten webhook configurations leave that
#     namespace out, so Celador never sees it);
#   - through Celador, as the content of its policy ConfigMap, for e2e-map-celador only: a
#     MutatingWebhookConfiguration of its own sends every kind the objects use there, and the
#     shipped configurations leave that namespace out too (no validation, no second call).
# Each object (the policies' tests and cases, and fixtures/mutation-differential/objects) is
# created for real in both namespaces and read back; the stored objects are compared field by
# field without what the API server generates (uid, resourceVersion, creationTimestamp,
# managedFields, generation, namespace, a Service's cluster IPs). An object refused in both
# namespaces agrees when kubectl shows the same reason (Invalid, Forbidden, ...) for both. A disagreement fails the suite unless
# e2e/known-mutation-divergences.txt lists it with its reason; a listed one that agrees fails too.
# shellcheck shell=bash
mnat=e2e-map-native
mcel=e2e-map-celador
mfx="$fx/mutation-differential"
mwork="$work/mutation-differential"
mknown="$e2e/known-mutation-divergences.txt"
mkdir -p "$mwork/policies" "$mwork/objects" "$mwork/stored"

java -jar "$jar" export "$root/policies" "$mfx/policies" --kubernetes-version "$E2E_K8S_VERSION" \
  --output-dir "$mwork/export" 2>"$mwork/export.log" || true
cp "$mwork"/export/mutatingadmissionpolicy-*.yaml "$mwork/policies/"
mpolicies_n=$(ls "$mwork"/policies/*.yaml | wc -l)
# Params, and External Secrets Operator's kinds for a JSON patch into a custom resource.
differential_prerequisites
"$KUBECTL" create namespace $mnat >/dev/null
"$KUBECTL" create namespace $mcel >/dev/null

# Native: every binding narrowed to e2e-map-native before the API server sees it.
for f in "$mwork"/policies/*.yaml; do
  run_kubectl create --dry-run=client -o json -f "$f"
  if [[ $rc -eq 0 ]]; then
    jq --arg ns $mnat '(.items? // [.])[] | if .kind == "MutatingAdmissionPolicyBinding"
        then .spec.matchResources.namespaceSelector = {matchLabels: {"kubernetes.io/metadata.name": $ns}} else . end' \
      <<<"$out" > "$mwork/native-$(basename "$f" .yaml).json"
    run_kubectl apply -f "$mwork/native-$(basename "$f" .yaml).json"
  fi
  expect mutation-differential-install "exported policy $(basename "$f" .yaml) is accepted by the API server" allowed
done
out=$("$KUBECTL" get mutatingadmissionpolicybindings -o json | jq -r --arg ns $mnat \
  '.items[] | select(.spec.matchResources.namespaceSelector.matchLabels["kubernetes.io/metadata.name"] != $ns) | .metadata.name')
rc=0
expect mutation-differential-install "every native binding is narrowed to $mnat" test -z "$out"

# Celador: the same documents (and the params) as its policy ConfigMap; its own webhook for e2e-map-celador.
"$KUBECTL" create configmap celador-policies -n celador --dry-run=client -o yaml \
  $(for f in "$mwork"/policies/*.yaml "${policy_params[@]}"; do printf -- '--from-file=%s=%s ' "$(basename "$(dirname "$f")")--$(basename "$f")" "$f"; done) \
  | as_policy_source | "$KUBECTL" apply -f - >/dev/null
project_policies
wait_for 30 "Celador to load the exported mutating set" bash -c \
  "curl -s --cacert '$certs/ca.crt' https://127.0.0.1:$celador_port/status | jq -e '(.mutatingPolicies | length) == $mpolicies_n and (.problems | length) == 0'" \
  || log "Celador's /status does not show $mpolicies_n mutating policies: $(curl -s --cacert "$certs/ca.crt" "https://127.0.0.1:$celador_port/status" | head -c 600)"
"$KUBECTL" apply -f - >/dev/null <<EOF
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: celador-mutation-differential
webhooks:
  - name: mutation-differential.celador.dev
    admissionReviewVersions: ["v1"]
    sideEffects: None
    failurePolicy: Fail
    matchPolicy: Equivalent
    reinvocationPolicy: IfNeeded
    timeoutSeconds: 10
    clientConfig:
      url: "https://127.0.0.1:$celador_port/mutate"
      caBundle: $(cat "$certs/caBundle")
    namespaceSelector:
      matchLabels: {kubernetes.io/metadata.name: $mcel}
    rules:
      - {apiGroups: [""], apiVersions: ["v1"], resources: ["configmaps", "secrets", "services", "persistentvolumeclaims"], operations: ["CREATE", "UPDATE"], scope: Namespaced}
      - {apiGroups: ["apps"], apiVersions: ["v1"], resources: ["statefulsets"], operations: ["CREATE", "UPDATE"], scope: Namespaced}
      - {apiGroups: ["external-secrets.io"], apiVersions: ["v1"], resources: ["externalsecrets"], operations: ["CREATE", "UPDATE"], scope: Namespaced}
EOF
# Both engines are live once a probe ConfigMap comes back mutated from a dry run in each namespace.
probe_mutated() { "$KUBECTL" create --dry-run=server -n "$1" -o json -f - <<<'{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"map-probe"}}' \
  | jq -e '.metadata.labels["celador.dev/managed"] == "true"'; }
wait_for 60 "the native policies to mutate in $mnat" probe_mutated $mnat || true
wait_for 60 "Celador to mutate in $mcel" probe_mutated $mcel || true

# The objects: each single object of the resource files, split from Lists; a name used twice gets a
# suffix, a Service loses the cluster IP it asks for (both namespaces cannot have it).
mobjects="$mwork/objects"
for f in "$root"/policies/*/tests/*.yaml "$root"/policies/*/cases/*.yaml "$mfx"/objects/*.yaml; do
  [[ -f "$f" ]] || continue
  grep -qE '^kind: (StatefulSet|Service|Secret|PersistentVolumeClaim|ConfigMap|ExternalSecret)$' "$f" || continue
  "$KUBECTL" create --dry-run=client -o json -f "$f" 2>/dev/null \
    | jq -c '(.items? // [.])[] | select(.kind | IN("StatefulSet", "Service", "Secret", "PersistentVolumeClaim", "ConfigMap", "ExternalSecret"))
             | select(.kind != "ExternalSecret" or (.apiVersion | endswith("/v1")))
             | del(.metadata.namespace, .metadata.resourceVersion, .metadata.uid)
             | if .kind == "Service" and .spec.clusterIP != "None" then del(.spec.clusterIP, .spec.clusterIPs) else . end
             | if (.metadata.name // "") == "" then .metadata.name = (.metadata.generateName + "g") | del(.metadata.generateName) else . end' \
    | while IFS= read -r o; do
        id="$(jq -r '.kind + "/" + .metadata.name' <<<"$o")"
        n=1; base=$id
        while [[ -f "$mobjects/${id//\//_}.json" ]]; do n=$((n + 1)); id="$base-$n"; done
        jq -c --arg name "${id#*/}" '.metadata.name = $name' <<<"$o" > "$mobjects/${id//\//_}.json"
        echo "$f" > "$mobjects/${id//\//_}.from"
      done || true
done

# What the API server generates, and the namespace name (read as NS), are left out of the comparison.
stored_form() {
  jq -S 'del(.metadata.uid, .metadata.resourceVersion, .metadata.creationTimestamp, .metadata.managedFields,
             .metadata.generation, .metadata.namespace, .metadata.selfLink)
         | if .kind == "Service" then del(.spec.clusterIP, .spec.clusterIPs) else . end' | sed -e "s/$mnat/NS/g" -e "s/$mcel/NS/g"
}
# The differing fields of two stored objects, one line each: path: native value | Celador value.
field_diff() {
  python3 - "$1" "$2" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def walk(x, y, path):
    if isinstance(x, dict) and isinstance(y, dict):
        for k in sorted(set(x) | set(y)):
            walk(x.get(k, "<absent>"), y.get(k, "<absent>"), path + "." + k)
    elif isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
        for i, (u, v) in enumerate(zip(x, y)):
            walk(u, v, "%s[%d]" % (path, i))
    elif x != y:
        print("%s: native %s | celador %s" % (path or ".", json.dumps(x)[:200], json.dumps(y)[:200]))
PY
}
# The reason of a refusal as kubectl shows it: "Error from server (REASON)", or "... is invalid:" for Invalid with causes.
refusal_reason() { if grep -qoE 'Error from server \([A-Za-z]+\)' <<<"$1"; then grep -oE 'Error from server \([A-Za-z]+\)' <<<"$1" | head -1 | sed -E 's/.*\((.*)\)/\1/';
  elif grep -q ' is invalid: ' <<<"$1"; then echo Invalid; else echo unknown; fi; }
error_of() { tr '\n' ' ' <<<"$1" | sed -e "s/$mnat/NS/g" -e "s/$mcel/NS/g" | cut -c1-400; }
mtotal=0; magree=0; mstored=0; mrefused=0; mknown_n=0; mbad=0
for o in "$mobjects"/*.json; do
  id=$(jq -r '.kind + "/" + .metadata.name' "$o")
  key=$(basename "$o" .json)
  run_kubectl create -n $mnat -f "$o"; nrc=$rc; nout=$out
  run_kubectl create -n $mcel -f "$o"; crc=$rc; cout=$out
  why=""
  if [[ $nrc -eq 0 && $crc -eq 0 ]]; then
    "$KUBECTL" get -n $mnat -o json -f "$o" | stored_form > "$mwork/stored/$key.native.json"
    "$KUBECTL" get -n $mcel -o json -f "$o" | stored_form > "$mwork/stored/$key.celador.json"
    if ! cmp -s "$mwork/stored/$key.native.json" "$mwork/stored/$key.celador.json"; then
      why="stored objects differ"$'\n'"$(field_diff "$mwork/stored/$key.native.json" "$mwork/stored/$key.celador.json" | sed 's/^/          /')"
    fi
    verdict=stored
  elif [[ $nrc -ne 0 && $crc -ne 0 ]]; then
    verdict=refused
    [[ "$(refusal_reason "$nout")" == "$(refusal_reason "$cout")" ]] \
      || why="refused in both, for different reasons: native $(refusal_reason "$nout") ($(error_of "$nout")), Celador $(refusal_reason "$cout") ($(error_of "$cout"))"
  else
    verdict=split
    why="verdicts differ: native exit $nrc ($(error_of "$nout")), Celador exit $crc ($(error_of "$cout"))"
  fi
  mtotal=$((mtotal + 1))
  listed=$(grep -E "^$id( |$)" "$mknown" 2>/dev/null || true)
  if [[ -z "$why" ]]; then
    magree=$((magree + 1))
    [[ $verdict == stored ]] && mstored=$((mstored + 1)) || mrefused=$((mrefused + 1))
    echo "      same  $id: $verdict$([[ $verdict == refused ]] && printf ' (native: %s | Celador: %s)' "$(error_of "$nout" | cut -c1-160)" "$(error_of "$cout" | cut -c1-160)")"
    if [[ -n "$listed" ]]; then
      mbad=$((mbad + 1)); rc=0; out=$listed
      expect mutation-differential "known divergence $id still holds (the engines now agree: remove it from $(basename "$mknown"))" false
    fi
  elif [[ -n "$listed" ]]; then
    mknown_n=$((mknown_n + 1))
    echo "      XFAIL $id: ${listed#"$id "}"
    printf '%s\n' "$why" | sed 's/^/        /'
  else
    mbad=$((mbad + 1))
    echo "      DIFF  $id ($(cat "$mobjects/$key.from")): $why"
  fi
done
log "mutation differential: $mpolicies_n exported mutating policies, installed natively ($mnat) and through Celador ($mcel)"
echo "mutation differential: $mtotal objects, $mpolicies_n policies, $magree agree ($mstored stored alike, $mrefused refused in both), $mknown_n known divergences"
rc=0; out="$magree of $mtotal agree, $mknown_n known divergences, $mbad unexplained"
expect mutation-differential "native MutatingAdmissionPolicy and Celador store the same objects (every difference listed in $(basename "$mknown"))" \
  test "$mbad" -eq 0 -a "$mtotal" -gt 0
# Leave the webhook of this check out of what follows.
"$KUBECTL" delete mutatingwebhookconfiguration celador-mutation-differential >/dev/null
