#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-po-complete.sh SOURCE_ROOT POTFILES FILE.po...
# Fails unless every message in the files that POTFILES lists has a
# translation in each FILE.po. check-po.sh reads the .po file alone, so a
# message new in the code and missing from ar.po passed it and showed in
# English in the Arabic interface. The messages are found as meson's pot
# target finds them: xgettext with the keywords of its glib preset.
set -u

root=$1
potfiles=$2
shift 2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! xgettext --package-name=dossier -D "$root" -f "$potfiles" -o "$work/messages.pot" \
     --from-code=UTF-8 --add-comments \
     --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
     --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
     --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
     --flag=g_set_error:4:c-format; then
  echo "FAIL: xgettext could not read the files of $potfiles"
  exit 1
fi

status=0
for po in "$@"; do
  # msgcmp counts an untranslated or fuzzy entry as missing.
  if out=$(LC_ALL=C msgcmp "$po" "$work/messages.pot" 2>&1); then
    echo "ok: $po has every message of the sources"
  else
    printf '%s\n' "$out" | grep -v -e '^msgcmp: found' -e 'warning: this message is not used'
    echo "FAIL: $po lacks messages that the sources use (above)"
    status=1
  fi
done
exit $status
