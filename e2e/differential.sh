# Differential check against the API server's own ValidatingAdmissionPolicy engine, sourced by
# e2e/scenarios.sh. Every validating policy that uses no Celador extension (what
# `celador export policies/` writes) is installed twice, from
# the same exported documents:
#   - natively in the API server, each binding narrowed to namespace e2e-native (which the
#     rewritten webhook configurations leave out, so Celador never sees it);
#   - through Celador, as the content of its policy ConfigMap, for namespace e2e-celador.
# Each object (the resource files of the policies' tests and cases, and e2e/fixtures/differential)
# is sent to both namespaces with `kubectl create --dry-run=server`; Secrets once as a person
# and once as the external-secrets controller. Compared, per object:
#   - messages with the namespace name replaced by NS (they name the object's namespace);
#   - the verdict: allowed in both, or denied in both with the same HTTP reason ("Invalid",
#     "Forbidden": kubectl's "Error from server (REASON)");
#   - on a denial, the native denial line "ValidatingAdmissionPolicy 'P' with binding 'B' denied
#     request: MSG" must be one of Celador's lines (the API server reports only its first
#     denial; Celador lists every failing validation, one per line, in the same format);
#   - the Warning lines ("Validation failed for ValidatingAdmissionPolicy 'P' with binding 'B':
#     MSG"), as sets: equal.
# shellcheck shell=bash
nat=e2e-native
cel=e2e-celador
dwork="$work/differential"
mkdir -p "$dwork/policies"

java -jar "$jar" export "$root/policies" --kubernetes-version "$E2E_K8S_VERSION" --output-dir "$dwork/export" 2>"$dwork/export.log" || true
# Validating documents only (MutatingAdmissionPolicy v1beta1 is not served by default in 1.34).
for f in "$dwork"/export/*.yaml; do
  case "$(basename "$f")" in validatingadmissionpolicy*|ValidatingAdmissionPolicy*) cp "$f" "$dwork/policies/" ;; esac
done
policies_n=$(grep -l '^kind: ValidatingAdmissionPolicy$' "$dwork"/policies/*.yaml | wc -l)
# The params those policies name, for both engines, and External Secrets Operator's kinds, so the
# policies on ExternalSecrets and SecretStores are compared too.
differential_prerequisites
"$KUBECTL" create namespace $nat >/dev/null
"$KUBECTL" create namespace $cel >/dev/null
# Native: apply each exported policy, then narrow every binding to e2e-native. An exported
# policy the API server refuses is a divergence of Celador from the native engine: it fails
# the suite unless e2e/known-divergences.txt lists it (and then it must still be refused, so a
# fixed divergence is noticed). A refused policy is left out on both sides.
known="$e2e/known-divergences.txt"
for f in "$dwork"/policies/*.yaml; do
  name=$(basename "$f" .yaml); name=${name#validatingadmissionpolicy-}
  run_kubectl apply -f "$f"
  listed=$(grep -E "^$name( |$)" "$known" 2>/dev/null || true)
  if [[ $rc -ne 0 ]]; then
    expect "differential-install" "exported policy $name is accepted by the API server$([[ -n $listed ]] && echo ' (known divergence: it is not)')" test -n "$listed"
    [[ -n $listed ]] && printf '      XFAIL %s\n' "$(grep -m1 -A1 'is invalid' <<<"$out" | tr '\n' ' ' | cut -c1-300)"
    "$KUBECTL" delete -f "$f" --ignore-not-found >/dev/null 2>&1 || true
    rm -f "$f"
  elif [[ -n $listed ]]; then
    rc=0 out="$listed"
    expect "differential-install" "known divergence $name still holds (the API server now accepts it: remove it from e2e/known-divergences.txt)" false
  fi
done
policies_n=$(grep -l '^kind: ValidatingAdmissionPolicy$' "$dwork"/policies/*.yaml | wc -l)
for b in $("$KUBECTL" get validatingadmissionpolicybindings -o name); do
  "$KUBECTL" patch "$b" --type=merge -p \
    "{\"spec\":{\"matchResources\":{\"namespaceSelector\":{\"matchLabels\":{\"kubernetes.io/metadata.name\":\"$nat\"}}}}}" >/dev/null
done
# Celador: the same documents (and params) become the policy ConfigMap's content.
extra=("$dwork"/policies/*.yaml "${policy_params[@]}")
"$KUBECTL" create configmap celador-policies -n celador --dry-run=client -o yaml \
  $(for f in "${extra[@]}"; do printf -- '--from-file=%s=%s ' "$(basename "$(dirname "$f")")--$(basename "$f")" "$f"; done) \
  | as_policy_source | "$KUBECTL" apply -f - >/dev/null
project_policies
wait_for 30 "Celador to load the exported set" bash -c \
  "curl -s --cacert '$certs/ca.crt' https://127.0.0.1:$celador_port/status | jq -e '.validatingPolicies | length == $policies_n'" \
  || log "Celador's /status does not show $policies_n policies: $(curl -s --cacert "$certs/ca.crt" "https://127.0.0.1:$celador_port/status" | head -c 400)"
sleep 3  # the API server's policy informer picks up the patched bindings

# The objects: every single-object resource file of the tests and cases, split from Lists.
objects="$dwork/objects"
mkdir -p "$objects"
for f in "$root"/policies/*/tests/*.yaml "$root"/policies/*/cases/*.yaml "$fx"/differential/*.yaml; do
  [[ -f "$f" ]] || continue
  grep -qE '^kind: (StatefulSet|Service|Secret|PersistentVolumeClaim|ExternalSecret|SecretStore)$' "$f" || continue
  "$KUBECTL" create --dry-run=client -o json -f "$f" 2>/dev/null \
    | jq -c '(.items? // [.])[] | select(.kind == "StatefulSet" or .kind == "Service" or .kind == "Secret" or .kind == "PersistentVolumeClaim"
               or .kind == "ExternalSecret" or .kind == "SecretStore")
             | del(.metadata.namespace, .metadata.resourceVersion, .metadata.uid)' \
    | { j=0; while IFS= read -r o; do
        j=$((j + 1)); echo "$o" > "$objects/$(basename "$(dirname "$(dirname "$f")")")--$(basename "${f%.yaml}")-$j.json"
      done; } || true
done

# Messages name the namespace (e2e-native or e2e-celador): both read as NS before comparing.
deny_lines() { { grep -oE "ValidatingAdmissionPolicy '[^']+' with binding '[^']+' denied request: .*" <<<"$1" || true; } \
  | sed -e "s/$nat/NS/g" -e "s/$cel/NS/g" | sort -u; }
warn_lines() { { grep -E '^Warning: ' <<<"$1" || true; } | sed -e 's/^Warning: //' -e "s/$nat/NS/g" -e "s/$cel/NS/g" | sort -u; }
reason_of() { { grep -oE '^Error from server \([A-Za-z]+\)' <<<"$1" || true; } | head -1; }
agree=0
total=0
before_admission=0
for o in "$objects"/*.json; do
  identities=("")
  jq -e '.kind == "Secret"' "$o" >/dev/null && identities=("${as_person[*]}" "${as_controller[*]}")
  for who in "${identities[@]}"; do
    # shellcheck disable=SC2086
    run_kubectl create --dry-run=server -n $nat -f "$o" $who; nrc=$rc; nout=$out
    # shellcheck disable=SC2086
    run_kubectl create --dry-run=server -n $cel -f "$o" $who; crc=$rc; cout=$out
    # generateName: each API server call draws its own 5-character suffix; read both as XXXXX.
    gen=$(jq -r '.metadata.generateName // empty' "$o")
    if [[ -n "$gen" ]]; then
      nout=$(sed -E "s/${gen}[a-z0-9]{5}/${gen}XXXXX/g" <<<"$nout"); cout=$(sed -E "s/${gen}[a-z0-9]{5}/${gen}XXXXX/g" <<<"$cout")
    fi
    what="$(basename "$o" .json)${who:+ $who}"
    why=""
    # Rejected by the API server's own validation in both namespaces (no policy was asked):
    # not a comparison of the engines, so not counted.
    if [[ $nrc -ne 0 && "${nout//$nat/NS}" == "${cout//$cel/NS}" && -z "$(deny_lines "$nout")" ]]; then
      before_admission=$((before_admission + 1))
      echo "      skip  $what: the API server rejects it before admission: $(head -c 160 <<<"$nout")"
      continue
    fi
    total=$((total + 1))
    if [[ $nrc -eq 0 && $crc -eq 0 ]]; then
      :
    elif [[ $nrc -ne 0 && $crc -ne 0 ]]; then
      nd=$(deny_lines "$nout")
      [[ -n "$nd" ]] || why="native denial is not a policy denial: $nout"
      # The API server answers with the first denying policy it evaluated, in no fixed order, and
      # its reason; Celador lists every denial under the first one's reason. So the reason is
      # compared only when one policy denies.
      if [[ $(deny_lines "$cout" | wc -l) -eq 1 ]]; then
        [[ "$(reason_of "$nout")" == "$(reason_of "$cout")" ]] || why="reason differs: $(reason_of "$nout") vs $(reason_of "$cout")"
      fi
      while IFS= read -r line; do
        [[ -z "$line" ]] || grep -qxF -- "$line" <<<"$(deny_lines "$cout")" || why="native message not among Celador's: $line"
      done <<<"$nd"
    else
      why="verdicts differ: native exit $nrc, Celador exit $crc"
    fi
    [[ "$(warn_lines "$nout")" == "$(warn_lines "$cout")" ]] || why="${why:+$why; }warnings differ"
    if [[ -z "$why" ]]; then
      agree=$((agree + 1))
      verdict=$([[ $nrc -eq 0 ]] && echo allowed || echo denied)
      echo "      same  $what: $verdict$([[ -n "$(warn_lines "$nout")" ]] && echo ' with warning')"
    else
      echo "      DIFF  $what: $why"
      printf '        native:  %s\n' "$(tr '\n' ' ' <<<"$nout")"
      printf '        celador: %s\n' "$(tr '\n' ' ' <<<"$cout")"
    fi
  done
done
log "differential: $policies_n policies without extensions, installed natively and through Celador"
echo "differential agreement: $agree of $total objects ($before_admission more rejected by the API server's own validation in both namespaces, not counted)"
out="$agree of $total"
expect differential "native engine and Celador agree on every object" test "$agree" -eq "$total" -a "$total" -gt 0
