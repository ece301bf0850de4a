#!/usr/bin/env bash
# Runs the release configuration (.goreleaser.yaml) in snapshot mode, which
# publishes nothing, and checks what it made: an archive for each of the six
# targets (zip for Windows) whose checksum is in checksums.txt, holding a
# skillmap binary stamped with the snapshot's version, commit and date. The
# binary for this machine is run; the others are read with "go version -m".
#
# Usage: scripts/releasecheck.sh   (installs GoReleaser into GOPATH/bin if
# that version is not there yet: compiling it takes minutes)
set -euo pipefail
cd "$(dirname "$0")/.."

GORELEASER_VERSION=v2.15.1
bin="$(go env GOPATH)/bin"
if ! "$bin/goreleaser" --version 2>/dev/null | grep -Eq "GitVersion:[[:space:]]+${GORELEASER_VERSION}\$"; then
  echo "installing goreleaser ${GORELEASER_VERSION}"
  go install "github.com/goreleaser/goreleaser/v2@${GORELEASER_VERSION}"
fi

start=$(date +%s)
"$bin/goreleaser" release --snapshot --clean
echo "goreleaser release --snapshot: $(( $(date +%s) - start ))s"

version=$(sed -n 's/.*"version":"\([^"]*\)".*/\1/p' dist/metadata.json)
[ -n "$version" ] || { echo "releasecheck: no version in dist/metadata.json" >&2; exit 1; }
(cd dist && sha256sum -c --quiet checksums.txt)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
host="$(go env GOHOSTOS)_$(go env GOHOSTARCH)"
fail=0
for target in linux_amd64 linux_arm64 darwin_amd64 darwin_arm64 windows_amd64 windows_arm64; do
  exe=skillmap
  archive="dist/skillmap_${version}_${target}.tar.gz"
  if [ "${target%%_*}" = windows ]; then
    exe=skillmap.exe
    archive="dist/skillmap_${version}_${target}.zip"
  fi
  if [ ! -f "$archive" ]; then
    echo "releasecheck: no $archive" >&2; fail=1; continue
  fi
  grep -q " ${archive#dist/}\$" dist/checksums.txt || { echo "releasecheck: $archive not in checksums.txt" >&2; fail=1; }
  mkdir "$tmp/$target"
  case "$archive" in
    *.zip)
      if command -v unzip >/dev/null; then unzip -q "$archive" -d "$tmp/$target"
      else python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$archive" "$tmp/$target"; fi ;;
    *) tar -xzf "$archive" -C "$tmp/$target" ;;
  esac
  b="$tmp/$target/$exe"
  if [ ! -f "$b" ]; then
    echo "releasecheck: $archive holds no $exe" >&2; fail=1; continue
  fi
  info=$(go version -m "$b")
  for want in "-X main.version=${version}" "GOOS=${target%%_*}" "GOARCH=${target#*_}"; do
    if ! grep -q -- "$want" <<<"$info"; then
      echo "releasecheck: $archive: $exe was not built with $want" >&2; fail=1
    fi
  done
  if [ "$target" = "$host" ]; then
    got=$("$b" version)
    echo "$target: $got"
    case "$got" in
      "skillmap v${version} (commit "*", built "*")") ;;
      *) echo "releasecheck: $target: skillmap version printed \"$got\", want v${version}" >&2; fail=1 ;;
    esac
    case "$got" in *unknown*) echo "releasecheck: $target: commit or date not stamped: $got" >&2; fail=1 ;; esac
  else
    echo "$target: $(grep -o -- '-X main.version=[^ ]*' <<<"$info")"
  fi
done
[ "$fail" = 0 ] || exit 1
echo "releasecheck: ok (${version})"
