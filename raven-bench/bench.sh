#!/usr/bin/env bash
# FastBench at the two settings worth comparing on a 2-core machine: one OpenMP/BLAS thread, and two
# threads with OMP_WAIT_POLICY=PASSIVE (OpenMP threads sleep instead of spinning while Java works).
# `./raven bench` does the same through the CLI. Run from anywhere: raven-bench/bench.sh [FastBench options]
# e.g. --windows 7 --window-seconds 1.0 --samediff   (SameDiff rows give the before/after comparison)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -o -q -pl raven-bench -am package -DskipTests
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -o -q -pl raven-bench dependency:build-classpath -Dmdep.outputFile="$cp_file"
cp="raven-bench/target/classes:$(cat "$cp_file")"
echo "== 1 thread"
OMP_NUM_THREADS=1 java --add-modules=jdk.incubator.vector -cp "$cp" org.raven.bench.FastBench "$@" 2>&1 | grep -v -E ' (WARN|INFO) |^SLF4J|^WARNING: Using incubator'
echo "== 2 threads, OMP_WAIT_POLICY=PASSIVE"
OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE java --add-modules=jdk.incubator.vector -cp "$cp" org.raven.bench.FastBench "$@" 2>&1 | grep -v -E ' (WARN|INFO) |^SLF4J|^WARNING: Using incubator'
