#!/usr/bin/env bash
# Installs skillmap the way a user does, "go install MODULE/cmd/skillmap@VERSION",
# through a module proxy made from this checkout's HEAD (nothing is
# published), and checks that the installed binary reports VERSION. This
# fails, as it would for users, if go.mod has a replace directive or the
# module does not build outside this checkout.
#
# Usage: scripts/installcheck.sh [VERSION]
# (default v0.0.1-installcheck.g<commit>: the go command takes a module
# version to stand for the same files for ever, and caches what it learnt of
# them, so one version must never stand for two commits)
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:-v0.0.1-installcheck.g$(git rev-parse --short=12 HEAD)}
module=$(go list -m)
tmp=$(mktemp -d)
cleanup() {
  # The module cache is read-only by design.
  chmod -R u+w "$tmp" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# What a tag would publish: the committed files, no build output.
mkdir "$tmp/src"
git archive HEAD | tar -x -C "$tmp/src"
go run ./scripts/modproxy -o "$tmp/proxy" -version "$version" -src "$tmp/src"

# Dependencies come from the usual module cache (itself a proxy folder)
# and then from the usual proxy; the version tried is removed from the
# module cache before and after, so that a version tried before is never
# reused and the cache keeps nothing made up here. (A module cache of its
# own would recompile every dependency: minutes on two cores.)
modcache=$(go env GOMODCACHE)
forget() {
  for d in "$modcache/$module@$version" "$modcache/cache/download/$module/@v"; do
    [ -e "$d" ] && chmod -R u+w "$d"
  done
  rm -rf "$modcache/$module@$version" "$modcache/cache/download/$module/@v/$version."*
}
trap 'forget; cleanup' EXIT
forget
default_proxy=$(go env GOPROXY)
start=$(date +%s)
env GOPROXY="file://$tmp/proxy,file://$modcache/cache/download,$default_proxy" \
  GONOSUMDB="$module" GOFLAGS=-mod=mod GOBIN="$tmp/bin" GOTOOLCHAIN=local \
  go install "$module/cmd/skillmap@$version"
echo "go install $module/cmd/skillmap@$version: $(( $(date +%s) - start ))s"

got=$("$tmp/bin/skillmap" version)
echo "$got"
case "$got" in
  "skillmap $version "*) ;;
  *) echo "installcheck: skillmap version printed \"$got\", want skillmap $version" >&2; exit 1 ;;
esac
echo "installcheck: ok"
