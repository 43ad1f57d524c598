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
