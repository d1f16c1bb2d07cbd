#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sets up a Debian 12 machine for Dossier and builds it.
#   build-aux/dossier-setup.sh run    build and start the application
#   build-aux/dossier-setup.sh test   build and run every test; the last line
#                                     says "N passed, N failed"
# Run it as root or as a user who may use sudo: it installs only what is
# missing.
set -eu

SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
BUILDDIR=${DOSSIER_BUILDDIR:-$SRCDIR/_build}
ASAN_BUILDDIR=${DOSSIER_ASAN_BUILDDIR:-$SRCDIR/_build-asan}
FUZZ_BUILDDIR=${DOSSIER_FUZZ_BUILDDIR:-$SRCDIR/_build-fuzz}
# 15 s of fuzzing on each core (30 s of processor time) keeps CI under
# its 20 minutes (DOSSIER_FUZZ_SECONDS for a longer run by hand).
FUZZ_SECONDS=${DOSSIER_FUZZ_SECONDS:-15}

PACKAGES="meson ninja-build pkg-config gcc clang libclang-rt-14-dev python3
libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev
libjson-glib-dev libxml2-dev libxml2-utils libsqlite3-dev sqlite3 gettext
xvfb xauth xdotool dbus dbus-x11 locales imagemagick desktop-file-utils appstream
flatpak-builder fonts-noto-core fonts-dejavu-core adwaita-icon-theme"

as_root () {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  else
    sudo "$@"
  fi
}

install_packages () {
  missing=""
  for pkg in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
      *"ok installed"*) ;;
      *) missing="$missing $pkg" ;;
    esac
  done
  if [ -n "$missing" ]; then
    echo "Installing:$missing"
    as_root apt-get update -q
    # shellcheck disable=SC2086
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
  fi
}

# The tests run the interface in English and in Arabic.
install_locales () {
  need=""
  for loc in en_US.UTF-8 ar_EG.UTF-8; do
    short=$(echo "$loc" | sed 's/UTF-8/utf8/')
    if ! locale -a 2>/dev/null | grep -qx "$short"; then
      need="$need $loc"
    fi
  done
  if [ -n "$need" ]; then
    for loc in $need; do
      if ! grep -q "^$loc UTF-8" /etc/locale.gen 2>/dev/null; then
        echo "$loc UTF-8" | as_root tee -a /etc/locale.gen >/dev/null
      fi
    done
    as_root locale-gen
  fi
}

configure () {
  dir=$1
  shift
  if [ -f "$dir/build.ninja" ]; then
    meson configure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$SRCDIR" "$@"
  fi
}

count_results () {
  # Prints "PASSED FAILED" for one meson test log.
  python3 - "$1" <<'PY'
import json, sys
passed = failed = 0
try:
    with open(sys.argv[1]) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            r = json.loads(line).get("result")
            if r in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif r in ("SKIP",):
                pass
            else:
                failed += 1
except FileNotFoundError:
    failed += 1
print(passed, failed)
PY
}

run_app () {
  configure "$BUILDDIR" --buildtype=debugoptimized
  meson compile -C "$BUILDDIR"
  exec env DOSSIER_SOURCE_DATADIR="$SRCDIR/data" \
    DOSSIER_BUILD_LOCALEDIR="$BUILDDIR/po" \
    GSETTINGS_SCHEMA_DIR="$BUILDDIR/data" \
    "$BUILDDIR/src/gui/dossier" "$@"
}

# Two shells that spin, one per core, until stop_hogs.
HOGS=""
start_hogs () {
  for _ in 1 2; do
    sh -c 'while :; do :; done' &
    HOGS="$HOGS $!"
  done
  trap stop_hogs EXIT INT TERM
}

stop_hogs () {
  if [ -n "$HOGS" ]; then
    # shellcheck disable=SC2086
    kill $HOGS 2>/dev/null || true
    HOGS=""
  fi
}

# How long each part took, for whoever keeps the CI run short.
PHASE_START=0
phase_start () {
  PHASE_START=$(date +%s)
}

phase_end () {
  echo "== $1: $(( $(date +%s) - PHASE_START )) s"
}

run_tests () {
  total_passed=0
  total_failed=0
  status=0

  # 1. The whole suite. Each interface test starts an Xvfb and a session
  # bus of its own (tests/run-gui-test.sh), so two run at a time.
  phase_start
  configure "$BUILDDIR" --buildtype=debugoptimized
  meson compile -C "$BUILDDIR"
  phase_end "build"
  phase_start
  meson test -C "$BUILDDIR" --print-errorlogs --no-rebuild --num-processes 2 || status=1
  phase_end "tests"
  set -- $(count_results "$BUILDDIR/meson-logs/testlog.json")
  total_passed=$((total_passed + $1)); total_failed=$((total_failed + $2))

  # 1b. Every interface test and the others where a race would show (the
  # image cache, the fetcher, the context's jobs) once more, with both
  # cores kept busy by two spinning shells: a race that loses one run in
  # eight has a fair chance to show here rather than on a user's machine.
  # Every interface test draws with GTK's cairo renderer here (Xvfb has
  # no GPU, and software GL spends half a test's processor time); in the
  # first pass the main window's and the start's tests keep GL
  # (tests/run-gui-test.sh).
  if [ "${DOSSIER_SKIP_REPEAT:-0}" != 1 ]; then
    phase_start
    start_hogs
    GSK_RENDERER=cairo \
      meson test -C "$BUILDDIR" --print-errorlogs --no-rebuild --num-processes 2 \
        --logbase loaded --suite gui --suite race || status=1
    stop_hogs
    phase_end "tests with both cores busy"
    set -- $(count_results "$BUILDDIR/meson-logs/loaded.json")
    total_passed=$((total_passed + $1)); total_failed=$((total_failed + $2))
  fi

  # 2. Core and CLI once more under AddressSanitizer and UBSan, which run
  # them two to three times slower: their time limits are three times the
  # plain build's (a limit stops a hang; it is not a speed check). Built
  # with optimisation: UBSan's object-size check works only then (it
  # found an empty array handed to bsearch ()). It costs about 2 minutes
  # more processor time than -O0, in the compiler, not in the tests.
  if [ "${DOSSIER_SKIP_SANITIZERS:-0}" != 1 ]; then
    phase_start
    configure "$ASAN_BUILDDIR" -Dgui=false -Db_sanitize=address,undefined \
      -Db_lundef=false --buildtype=debugoptimized
    meson compile -C "$ASAN_BUILDDIR"
    # intercept_tls_get_addr=0: with glibc 2.36 the leak checker's tracer
    # can take a dlopen()ed module's dynamic TLS (GIO's TLS and proxy
    # modules) for a wrong range and crash at exit, "Tracer caught signal
    # 11", in 4 runs of test-net-guard in 10 on a busy machine
    # (google/sanitizers#1322). The heap, stacks and static TLS are still
    # scanned, and every leak and memory error is still reported.
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:intercept_tls_get_addr=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      meson test -C "$ASAN_BUILDDIR" --print-errorlogs --no-rebuild --timeout-multiplier 3 \
        --num-processes 2 --suite core --suite cli || status=1
    phase_end "AddressSanitizer build and tests"
    set -- $(count_results "$ASAN_BUILDDIR/meson-logs/testlog.json")
    total_passed=$((total_passed + $1)); total_failed=$((total_failed + $2))
  fi

  # 3. A short libFuzzer run over the parser, seeded with the fixtures.
  if [ "${DOSSIER_SKIP_FUZZ:-0}" != 1 ]; then
    phase_start
    if [ ! -f "$FUZZ_BUILDDIR/build.ninja" ]; then
      CC=clang meson setup "$FUZZ_BUILDDIR" "$SRCDIR" -Dgui=false -Dfuzzing=true \
        -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debugoptimized
    fi
    # Only the fuzzer: the fuzzing build's command-line tool is never run.
    meson compile -C "$FUZZ_BUILDDIR" fuzz-parser
    DOSSIER_FUZZ_SECONDS=$FUZZ_SECONDS \
      meson test -C "$FUZZ_BUILDDIR" --print-errorlogs --no-rebuild --suite fuzz || status=1
    phase_end "fuzzing build and run"
    set -- $(count_results "$FUZZ_BUILDDIR/meson-logs/testlog.json")
    total_passed=$((total_passed + $1)); total_failed=$((total_failed + $2))
  fi

  if [ "$total_failed" -ne 0 ]; then
    status=1
  fi
  echo "$total_passed passed, $total_failed failed"
  return $status
}

case "${1:-}" in
  run)
    shift
    install_packages
    install_locales
    run_app "$@"
    ;;
  test)
    phase_start
    install_packages
    install_locales
    phase_end "packages and locales"
    run_tests
    ;;
  deps)
    install_packages
    install_locales
    ;;
  *)
    echo "usage: $0 run|test|deps" >&2
    exit 2
    ;;
esac
