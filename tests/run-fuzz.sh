#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the parser fuzzer for $DOSSIER_FUZZ_SECONDS seconds, seeded with a
# copy of the fixture corpus (the source tree is never written), in
# $DOSSIER_FUZZ_JOBS processes side by side (libFuzzer's fork mode: one
# per core by default; a crash in any of them stops the run and fails it).
set -eu
fuzzer=$(realpath "$1")
fixtures=$2
seconds=${DOSSIER_FUZZ_SECONDS:-60}
jobs=${DOSSIER_FUZZ_JOBS:-$(nproc)}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/corpus"
for f in "$fixtures"/*; do
  case "$f" in
    *.expected.json|*.expected-error|*.expected-icon|*.expected-extra.json|*.charset|*.base|*.py) ;;
    *) cp "$f" "$work/corpus/" ;;
  esac
done
cd "$work"
exec "$fuzzer" -fork="$jobs" -max_total_time="$seconds" -max_len=262144 -rss_limit_mb=2048 \
  -timeout=10 -print_final_stats=1 -artifact_prefix="$work/" "$work/corpus"
