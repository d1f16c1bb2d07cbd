#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs the build into a temporary DESTDIR and checks that every file the
# desktop looks for is where it belongs.
#   check-install.sh MESON BUILDDIR PREFIX BINDIR DATADIR LOCALEDIR APP_ID SRCDIR
# BINDIR, DATADIR and LOCALEDIR are absolute (prefix included).
set -eu

if [ $# -ne 8 ]; then
  echo "usage: $0 MESON BUILDDIR PREFIX BINDIR DATADIR LOCALEDIR APP_ID SRCDIR" >&2
  exit 2
fi
meson=$1
builddir=$2
prefix=$3
bindir=$4
datadir=$5
localedir=$6
app_id=$7
srcdir=$(cd "$8" && pwd)
builddir_abs=$(cd "$builddir" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/dossier-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM
destdir=$work/root

# meson test has built everything already, and building again from inside a
# test could race with it.
if ! "$meson" install -C "$builddir" --destdir "$destdir" --no-rebuild --quiet \
       >"$work/install.log" 2>&1; then
  cat "$work/install.log" >&2
  echo "FAIL: meson install --destdir failed" >&2
  exit 1
fi

failed=0
fail () {
  echo "FAIL: $*" >&2
  failed=1
}

# A file that must be there and not be empty.
check_file () {
  if [ -s "$destdir$1" ]; then
    echo "ok: $1"
  else
    fail "$1 is missing or empty"
  fi
}

check_exec () {
  if [ -f "$destdir$1" ] && [ -x "$destdir$1" ]; then
    echo "ok: $1"
  else
    fail "$1 is missing or not executable"
  fi
}

check_exec "$bindir/dossier"
check_exec "$bindir/dossier-cli"

desktop="$datadir/applications/$app_id.desktop"
service="$datadir/dbus-1/services/$app_id.service"
metainfo="$datadir/metainfo/$app_id.metainfo.xml"
check_file "$desktop"
check_file "$service"
check_file "$metainfo"
check_file "$datadir/icons/hicolor/scalable/apps/$app_id.svg"
check_file "$datadir/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
check_file "$datadir/glib-2.0/schemas/io.github.dossierapp.Dossier.gschema.xml"
check_file "$localedir/ar/LC_MESSAGES/dossier.mo"
check_file "$datadir/gnome-shell/search-providers/$app_id.search-provider.ini"
# The first run's content, where dossier_samples_find_dir () looks.
check_file "$datadir/dossier/recommended.opml"
for sample in tech-policy-wire.xml arabic-tech-policy.xml policy-briefings.atom; do
  check_file "$datadir/dossier/samples/$sample"
done
grep -q "^BusName=$app_id\$" "$destdir$datadir/gnome-shell/search-providers/$app_id.search-provider.ini" ||
  fail "the search provider names another bus name than $app_id"

# The installed files must agree with each other and with the prefix.
if [ -s "$destdir$service" ]; then
  grep -qx "Name=$app_id" "$destdir$service" \
    || fail "$service does not name $app_id"
  grep -qx "Exec=$bindir/dossier --gapplication-service" "$destdir$service" \
    || fail "$service does not start $bindir/dossier --gapplication-service"
fi
if [ -s "$destdir$desktop" ]; then
  grep -qx "Icon=$app_id" "$destdir$desktop" \
    || fail "$desktop does not use the icon $app_id"
  grep -qx "DBusActivatable=true" "$destdir$desktop" \
    || fail "$desktop is not D-Bus activatable"
  # The translations were merged in.
  for key in Name GenericName Comment Keywords; do
    grep -q "^$key\[ar\]=" "$destdir$desktop" \
      || fail "$desktop has no Arabic $key"
  done
fi
if [ -s "$destdir$metainfo" ]; then
  grep -q "<id>$app_id</id>" "$destdir$metainfo" \
    || fail "$metainfo does not have the id $app_id"
  grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$destdir$metainfo" \
    || fail "$metainfo does not launch $app_id.desktop"
  grep -q '<summary xml:lang="ar">' "$destdir$metainfo" \
    || fail "$metainfo has no Arabic summary"
fi

# The programs carry no path of the tree they were built in (an uninstalled
# run names its folders in the environment), and are linked with full
# RELRO: relocations read-only and every symbol bound at start.
for program in dossier dossier-cli; do
  binary="$destdir$bindir/$program"
  [ -f "$binary" ] || continue
  for section in .rodata .data .data.rel.ro; do
    objcopy -O binary --only-section="$section" "$binary" "$work/section" 2>/dev/null || continue
    for tree in "$srcdir" "$builddir_abs"; do
      if grep -aqF "$tree" "$work/section"; then
        fail "$program holds the path $tree in $section"
      fi
    done
  done
  headers=$(readelf -lW "$binary")
  dynamic=$(readelf -dW "$binary")
  echo "$headers" | grep -q GNU_RELRO || fail "$program has no RELRO segment"
  echo "$dynamic" | grep -Eq 'BIND_NOW|FLAGS.*[[:space:]]NOW' || fail "$program is not linked with -z now"
done

# Nothing may land outside the prefix.
outside=$(cd "$destdir" && find . ! -type d | sed 's|^\.||' | grep -v "^$prefix/" || true)
if [ -n "$outside" ]; then
  fail "installed outside $prefix: $outside"
fi

if [ "$failed" -ne 0 ]; then
  exit 1
fi
echo "every installed file is in place"
