#!/usr/bin/env bash
# Builds kube-apiserver, kubectl and etcd of the pinned Kubernetes release from their Go
# modules (e2e/gobuild/go.mod) into a cache outside the repository, and reuses them later.
#
#   e2e/build-binaries.sh          # prints the directory holding the three binaries
#
# Cache: ${CELADOR_E2E_CACHE:-~/.cache/celador-e2e}/<k8s version>/{kube-apiserver,kubectl,etcd}
# Exit code 0 with the directory on stdout; 3 when Go is missing or the build fails (the
# caller skips the suite with that message).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
K8S_VERSION="v1.34.4"
cache="${CELADOR_E2E_CACHE:-$HOME/.cache/celador-e2e}/$K8S_VERSION"

if [[ -x "$cache/kube-apiserver" && -x "$cache/kubectl" && -x "$cache/etcd" ]]; then
  echo "$cache"
  exit 0
fi
if ! command -v go >/dev/null; then
  echo "build-binaries: go not found on PATH" >&2
  exit 3
fi
mkdir -p "$cache"
start=$(date +%s)
echo "build-binaries: building Kubernetes $K8S_VERSION binaries into $cache (first run: module download + compile, tens of minutes on 2 cores)" >&2
cd "$here/gobuild"
export CGO_ENABLED=0 GOFLAGS="-mod=mod -trimpath -buildvcs=false"
ver="k8s.io/component-base/version"
ldflags="-s -w -X $ver.gitVersion=$K8S_VERSION -X $ver.gitMajor=1 -X $ver.gitMinor=34 \
 -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=34"
tmp="$cache/.tmp.$$"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
if ! nice go build -ldflags "$ldflags" -o "$tmp/etcd" ./etcd \
  || ! nice go build -ldflags "$ldflags" -o "$tmp/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver \
  || ! nice go build -ldflags "$ldflags" -o "$tmp/kubectl" k8s.io/kubernetes/cmd/kubectl; then
  echo "build-binaries: go build failed" >&2
  exit 3
fi
mv "$tmp/etcd" "$tmp/kube-apiserver" "$tmp/kubectl" "$cache/"
echo "build-binaries: built in $(( $(date +%s) - start )) s" >&2
echo "$cache"
