#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-po.sh FILE.po...
# Fails unless msgfmt --check accepts each translation (format strings,
# plural forms, header) and its statistics say that every message is
# translated: msgfmt itself exits 0 on untranslated and fuzzy messages.
set -u

status=0
for po in "$@"; do
  if ! stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1); then
    printf '%s\n' "$stats"
    echo "FAIL: $po: msgfmt --check found errors"
    status=1
    continue
  fi
  # The summary is the last line, e.g. "400 translated messages." or
  # "398 translated messages, 1 fuzzy translation, 1 untranslated message."
  summary=$(printf '%s\n' "$stats" | tail -n 1)
  if printf '%s\n' "$summary" | grep -Eq '^[0-9]+ translated messages?\.$'; then
    echo "ok: $po: $summary"
  else
    printf '%s\n' "$stats"
    echo "FAIL: $po: not every message is translated: $summary"
    status=1
  fi
done
exit $status
