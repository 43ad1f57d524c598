#!/usr/bin/env bash
# Builds kube-apiserver, kubectl and etcd of a pinned Kubernetes release from their Go
# modules into a cache outside the repository, and reuses them later. Each release has its own
# module file: e2e/gobuild/go.mod (v1.34.4, the oldest supported) and
# e2e/gobuild/go.<version>.mod (passed as -modfile), e.g. go.v1.37.2.mod (the newest).
#
#   e2e/build-binaries.sh                              # v1.34.4; prints the directory of the binaries
#   CELADOR_K8S_VERSION=v1.37.2 e2e/build-binaries.sh  # the newest
#
# Cache: ${CELADOR_E2E_CACHE:-~/.cache/celador-e2e}/<k8s version>/{kube-apiserver,kubectl,etcd}
# Exit code 0 with the directory on stdout; 3 when Go is missing or the build fails (the
# caller skips the suite with that message).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
K8S_VERSION="${CELADOR_K8S_VERSION:-v1.34.4}"
if [[ ! "$K8S_VERSION" =~ ^v1\.([0-9]+)\.[0-9]+$ ]]; then
  echo "build-binaries: CELADOR_K8S_VERSION must look like v1.37.2, got '$K8S_VERSION'" >&2
  exit 3
fi
minor="${BASH_REMATCH[1]}"
modflag=()
if [[ "$K8S_VERSION" != "v1.34.4" ]]; then
  if [[ ! -f "$here/gobuild/go.$K8S_VERSION.mod" ]]; then
    echo "build-binaries: no module file e2e/gobuild/go.$K8S_VERSION.mod for $K8S_VERSION" >&2
    exit 3
  fi
  modflag=(-modfile "go.$K8S_VERSION.mod")
fi
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
ldflags="-s -w -X $ver.gitVersion=$K8S_VERSION -X $ver.gitMajor=1 -X $ver.gitMinor=$minor \
 -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION -X k8s.io/client-go/pkg/version.gitMajor=1 -X k8s.io/client-go/pkg/version.gitMinor=$minor"
tmp="$cache/.tmp.$$"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
if ! nice go build "${modflag[@]}" -ldflags "$ldflags" -o "$tmp/etcd" ./etcd \
  || ! nice go build "${modflag[@]}" -ldflags "$ldflags" -o "$tmp/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver \
  || ! nice go build "${modflag[@]}" -ldflags "$ldflags" -o "$tmp/kubectl" k8s.io/kubernetes/cmd/kubectl; then
  echo "build-binaries: go build failed" >&2
  exit 3
fi
mv "$tmp/etcd" "$tmp/kube-apiserver" "$tmp/kubectl" "$cache/"
echo "build-binaries: built in $(( $(date +%s) - start )) s" >&2
echo "$cache"
