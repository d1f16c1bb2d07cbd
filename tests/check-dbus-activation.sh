#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starts Dossier the way the desktop does for a DBusActivatable application:
# on a private session bus that knows only the built D-Bus service file, a
# call to org.freedesktop.Application.Activate must start the program (with
# --gapplication-service) and open its window; app.quit must end it.
#   check-dbus-activation.sh SERVICE_FILE DOSSIER_PROGRAM APP_ID
# Needs a display (the test command runs the suite under Xvfb).
set -eu

if [ $# -ne 3 ]; then
  echo "usage: $0 SERVICE_FILE DOSSIER_PROGRAM APP_ID" >&2
  exit 2
fi
service=$1
program=$2
app_id=$3

work=$(mktemp -d "${TMPDIR:-/tmp}/dossier-dbus.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM

grep -qx "Name=$app_id" "$service" || { echo "FAIL: $service does not name $app_id" >&2; exit 1; }
grep -q '^Exec=.*/dossier --gapplication-service$' "$service" \
  || { echo "FAIL: $service does not run dossier --gapplication-service" >&2; exit 1; }

# The same file, but starting the program from the build tree.
mkdir "$work/services"
sed "s|^Exec=.*/dossier |Exec=$program |" "$service" > "$work/services/$app_id.service"

# Only this service: portals and the accessibility bus are not there to be
# started, so the run depends on nothing else on the machine.
cat > "$work/session.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=$work</listen>
  <servicedir>$work/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF

object_path=/$(echo "$app_id" | tr . /)

cat > "$work/run.sh" <<EOF
set -u
has_owner () {
  gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
    --method org.freedesktop.DBus.NameHasOwner "$app_id" 2>/dev/null | grep -q true
}

if has_owner; then
  echo "FAIL: $app_id is running before it was asked to" >&2
  exit 1
fi
gdbus call --session --dest "$app_id" --object-path "$object_path" \
  --method org.freedesktop.Application.Activate '{}' >/dev/null || {
  echo "FAIL: activating $app_id over D-Bus failed" >&2
  exit 1
}
echo "ok: $app_id started on activation"

# GtkApplication exports each application window's actions at
# <object path>/window/<id>.
i=0
until gdbus introspect --session --dest "$app_id" --object-path "$object_path/window/1" 2>/dev/null \
        | grep -q org.gtk.Actions; do
  i=\$((i + 1))
  if [ \$i -ge 100 ]; then
    echo "FAIL: no window after activation" >&2
    exit 1
  fi
  sleep 0.2
done
echo "ok: the window is open"

gdbus call --session --dest "$app_id" --object-path "$object_path" \
  --method org.freedesktop.Application.ActivateAction quit '[]' '{}' >/dev/null
i=0
while has_owner; do
  i=\$((i + 1))
  if [ \$i -ge 100 ]; then
    echo "FAIL: app.quit did not end the service" >&2
    exit 1
  fi
  sleep 0.2
done
echo "ok: app.quit ended it"
EOF

# The service inherits this environment from the bus: a database of its own
# and no accessibility bus.
export DOSSIER_DB="$work/dossier.db"
export GTK_A11Y=none
export XDG_DATA_HOME="$work/data"
timeout 60 dbus-run-session --config-file="$work/session.conf" -- sh "$work/run.sh"
