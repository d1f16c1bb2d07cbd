#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-potfiles.py [--expect-problems N] SOURCE_ROOT
# po/POTFILES.in must list every file under src/ and data/ that holds
# messages to translate (C with _(), N_(), C_(), ngettext..., GtkBuilder
# files with translatable="yes", GSettings schemas, desktop files and
# AppStream metainfo), and only files that exist; otherwise xgettext never
# sees their messages and they stay English. --expect-problems checks the
# checker on a fixture: it passes when exactly N problems are found.

import os
import re
import sys

SCANNED = ('src', 'data')
C_MESSAGE = re.compile(r'(?<![\w])(_|N_|C_|NC_|Q_|gettext|ngettext|g_dngettext|'
                       r'g_dpgettext2?|g_dcgettext|dngettext|dgettext|pgettext)\s*\(')
UI_MESSAGE = re.compile(r'translatable\s*=\s*"(yes|true|1)"')


def needs_listing(path):
    name = os.path.basename(path)
    if name.endswith(('.desktop.in', '.metainfo.xml.in', '.appdata.xml.in')):
        return True
    try:
        with open(path, encoding='utf-8') as f:
            text = f.read()
    except (UnicodeDecodeError, OSError):
        return False
    if name.endswith(('.c', '.h')):
        return C_MESSAGE.search(text) is not None
    if name.endswith('.gschema.xml'):
        return '<summary' in text or '<description' in text
    if name.endswith(('.ui', '.xml', '.xml.in', '.blp')):
        return UI_MESSAGE.search(text) is not None
    return False


def listed(root):
    entries = []
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#'):
                entries.append(line)
    return entries


def main():
    args = sys.argv[1:]
    expected = None
    if args[:1] == ['--expect-problems']:
        expected = int(args[1])
        args = args[2:]
    if len(args) != 1:
        print('usage: check-potfiles.py [--expect-problems N] SOURCE_ROOT', file=sys.stderr)
        return 2
    root = args[0]
    entries = listed(root)
    problems = []

    seen = set()
    for entry in entries:
        if entry in seen:
            problems.append('%s is listed twice' % entry)
        seen.add(entry)
        if not os.path.isfile(os.path.join(root, entry)):
            problems.append('%s is listed but does not exist' % entry)

    found = 0
    for top in SCANNED:
        for base, dirs, files in os.walk(os.path.join(root, top)):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(base, name)
                relative = os.path.relpath(path, root)
                if needs_listing(path):
                    found += 1
                    if relative not in seen:
                        problems.append('%s has messages to translate but is not in po/POTFILES.in'
                                        % relative)

    for p in problems:
        print('FAIL:', p)
    print('%d files with messages, %d listed, %d problems' % (found, len(entries), len(problems)))
    if expected is not None:
        return 0 if len(problems) == expected else 1
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
