#!/usr/bin/env bash
# Installs the Debian packages pfun needs to build, test and benchmark.
# Idempotent: prints nothing and touches nothing when everything is present.
set -euo pipefail

packages=(
  build-essential cmake make pkg-config
  libasio-dev libflatbuffers-dev flatbuffers-compiler libxxhash-dev libfmt-dev doctest-dev
  libgmp-dev libssl-dev libtomlplusplus-dev libedit-dev libcli11-dev zlib1g-dev
  erlang-nox lua5.4
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
