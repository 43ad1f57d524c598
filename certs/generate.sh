#!/usr/bin/env bash
# Makes a development CA and a serving certificate for the Celador webhook.
#   certs/generate.sh [--force] [--install]
# Writes to $OUT_DIR (default certs/out, never committed): ca.crt, ca.key, tls.crt, tls.key,
# and caBundle (base64 of ca.crt, for the webhook configurations).
# The certificate names localhost, 127.0.0.1 and the in-cluster Service $SERVICE.$NAMESPACE.
# --install also writes the kustomize inputs to $DEPLOY_DIR/tls (default deploy/tls, gitignored):
# tls.crt and tls.key for the celador-webhook-tls Secret, and ca-bundle-patch.json, a JSON patch
# that replaces the CA_BUNDLE_PLACEHOLDER caBundle of each webhook configuration (its one webhook)
# with this CA.
# Then: kubectl apply -k deploy/
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
OUT_DIR=${OUT_DIR:-$here/out}
SERVICE=${SERVICE:-celador-webhook}
NAMESPACE=${NAMESPACE:-celador}
DAYS=${DAYS:-365}
DEPLOY_DIR=${DEPLOY_DIR:-$here/../deploy}

force=false
install=false
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    --install) install=true ;;
    *) echo "usage: certs/generate.sh [--force] [--install]" >&2; exit 2 ;;
  esac
done

install_into_deploy() {
  local tls_dir="$DEPLOY_DIR/tls" bundle
  mkdir -p "$tls_dir"
  (umask 077 && cp "$OUT_DIR/tls.key" "$tls_dir/tls.key")
  cp "$OUT_DIR/tls.crt" "$tls_dir/tls.crt"
  bundle=$(cat "$OUT_DIR/caBundle")
  cat > "$tls_dir/ca-bundle-patch.json" <<JSON
[
  {"op": "test", "path": "/webhooks/0/clientConfig/caBundle", "value": "CA_BUNDLE_PLACEHOLDER"},
  {"op": "replace", "path": "/webhooks/0/clientConfig/caBundle", "value": "${bundle}"}
]
JSON
  echo "certs: wrote $tls_dir/{tls.crt,tls.key,ca-bundle-patch.json}; now: kubectl apply -k $(cd "$DEPLOY_DIR" && pwd)"
}

if [[ $force == false && -s "$OUT_DIR/tls.crt" && -s "$OUT_DIR/tls.key" && -s "$OUT_DIR/caBundle" ]]; then
  echo "certs: $OUT_DIR already holds a certificate (use --force to make a new one)"
  if [[ $install == true ]]; then install_into_deploy; fi
  exit 0
fi
command -v openssl >/dev/null || { echo "certs: openssl is required" >&2; exit 1; }

mkdir -p "$OUT_DIR"
umask 077
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$DAYS" \
  -subj "/CN=celador-dev-ca" \
  -keyout "$OUT_DIR/ca.key" -out "$OUT_DIR/ca.crt" 2>/dev/null

cat > "$tmp/ext.cnf" <<CNF
basicConstraints = CA:FALSE
keyUsage = digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost, IP:127.0.0.1, DNS:${SERVICE}, DNS:${SERVICE}.${NAMESPACE}, DNS:${SERVICE}.${NAMESPACE}.svc, DNS:${SERVICE}.${NAMESPACE}.svc.cluster.local
CNF

openssl req -newkey rsa:2048 -nodes -sha256 \
  -subj "/CN=${SERVICE}.${NAMESPACE}.svc" \
  -keyout "$OUT_DIR/tls.key" -out "$tmp/tls.csr" 2>/dev/null
openssl x509 -req -in "$tmp/tls.csr" -CA "$OUT_DIR/ca.crt" -CAkey "$OUT_DIR/ca.key" -CAcreateserial \
  -CAserial "$tmp/ca.srl" -days "$DAYS" -sha256 -extfile "$tmp/ext.cnf" -out "$OUT_DIR/tls.crt" 2>/dev/null

base64 < "$OUT_DIR/ca.crt" | tr -d '\n' > "$OUT_DIR/caBundle"
chmod 644 "$OUT_DIR/ca.crt" "$OUT_DIR/tls.crt" "$OUT_DIR/caBundle"
echo "certs: wrote $OUT_DIR/{ca.crt,tls.crt,tls.key,caBundle} for localhost and ${SERVICE}.${NAMESPACE}.svc"
if [[ $install == true ]]; then install_into_deploy; fi
