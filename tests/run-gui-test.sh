#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs one GUI test on an X server and a D-Bus session bus of its own:
#   run-gui-test.sh PROGRAM [ARGUMENT...]
# The pointer and keyboard focus that xdotool moves, the screen that
# `import` reads and the application's name on the bus then belong to one
# test, so GUI tests can run side by side without taking each other's
# clicks.
set -eu

unset XAUTHORITY DBUS_SESSION_BUS_ADDRESS

# GTK draws with cairo unless told otherwise: Xvfb has no GPU, and
# software GL spends half a test's processor time. The tests of the main
# window and of the start (DOSSIER_TEST_DEFAULT_RENDERER=1) keep GTK's own
# choice, GL, as users have it.
if [ -z "${GSK_RENDERER:-}" ] && [ "${DOSSIER_TEST_DEFAULT_RENDERER:-0}" != 1 ]; then
  export GSK_RENDERER=cairo
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/dossier-gui-test-XXXXXX")
xvfb_pid=""
bus_pid=""
cleanup () {
  for pid in $bus_pid $xvfb_pid; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# A runtime folder of its own too: the accessibility bus that GTK starts
# through the session bus keeps its socket there, and one test's would
# otherwise replace another's.
mkdir -m 700 "$dir/runtime"
export XDG_RUNTIME_DIR="$dir/runtime"

# Xvfb chooses a free display itself and writes its number once it takes
# clients: no display numbers guessed, no waiting by the clock.
mkfifo "$dir/display"
Xvfb -displayfd 3 -screen 0 1400x900x24 -nolisten tcp \
  3>"$dir/display" >"$dir/xvfb.log" 2>&1 &
xvfb_pid=$!
display=""
read -r display <"$dir/display" || true
if [ -z "$display" ]; then
  echo "Xvfb did not start:" >&2
  cat "$dir/xvfb.log" >&2
  exit 1
fi

# The bus prints its address once it listens. What the services it
# starts print (the accessibility bus) goes to its log, not into the
# test's output, which meson reads as TAP.
mkfifo "$dir/bus-address"
dbus-daemon --session --nofork --address="unix:path=$dir/bus" --print-address=4 \
  4>"$dir/bus-address" >"$dir/dbus.log" 2>&1 &
bus_pid=$!
address=""
read -r address <"$dir/bus-address" || true
if [ -z "$address" ]; then
  echo "The session bus did not start:" >&2
  cat "$dir/dbus.log" >&2
  exit 1
fi

status=0
DISPLAY=":$display" DBUS_SESSION_BUS_ADDRESS="$address" "$@" || status=$?
exit "$status"
