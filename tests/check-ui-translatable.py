#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-ui-translatable.py [--expect-problems N] FILE.ui|DIR...
# Every <property>, <item> and <attribute> of a GtkBuilder file that holds
# words a person reads must be marked translatable="yes". A value that is
# meant to stay as it is says translatable="no". Icon names, action names,
# ids, numbers, booleans, enum values, widget references and CSS classes are
# not text and need no mark. --expect-problems checks the checker on a
# fixture: it passes when exactly N problems are found.

import os
import re
import sys
import xml.etree.ElementTree as ET

# Properties and menu attributes that always hold text for the reader.
TEXT_NAMES = {
    'label', 'title', 'subtitle', 'tooltip-text', 'tooltip-markup',
    'placeholder-text', 'text', 'description', 'heading', 'body',
    'primary-text', 'secondary-text', 'comments', 'copyright',
    'website-label', 'translator-credits', 'accessible-name', 'button-label',
    'secondary-label', 'search-text', 'markup',
}

# Properties and attributes that never hold text for the reader, whatever
# their value looks like.
NOT_TEXT_NAMES = {
    'icon-name', 'icon', 'verb-icon', 'action-name', 'action', 'target',
    'action-target', 'detailed-action-name', 'name', 'id', 'css-name',
    'css-classes', 'section-name', 'view-name', 'accelerator', 'accel',
    'visible-child-name', 'input-purpose', 'input-hints', 'application-icon',
    'logo-icon-name', 'website', 'issue-url', 'support-url', 'license-type',
    'application-name', 'developer-name', 'version', 'hidden-when',
    'resource', 'file', 'uri',
}

TRUE_VALUES = {'yes', 'true', '1'}
FALSE_VALUES = {'no', 'false', '0'}

NUMBER = re.compile(r'^[-+]?[0-9]+(\.[0-9]+)?$')
BOOLEAN = re.compile(r'^(true|false|yes|no|TRUE|FALSE|True|False)$')
# Enum and flag values, icon names, action names, widget ids, GVariant
# strings such as 'week': no spaces, no capitals, no letters beyond ASCII.
IDENTIFIER = re.compile(r"^'?[a-z0-9][a-z0-9_.:|-]*'?$")
LETTER = re.compile(r'[^\W\d_]', re.UNICODE)


def is_text(name, value):
    """Whether @value of property or attribute @name is words to read."""
    if not LETTER.search(value):
        return False                  # numbers, punctuation, "·"
    if name in NOT_TEXT_NAMES:
        return False
    if name in TEXT_NAMES:
        return True
    if NUMBER.match(value) or BOOLEAN.match(value) or IDENTIFIER.match(value):
        return False
    return True


def check_file(path):
    problems = []
    try:
        tree = ET.parse(path)
    except ET.ParseError as e:
        return ['%s: not well-formed XML: %s' % (path, e)]
    for element in tree.iter():
        if element.tag not in ('property', 'item', 'attribute'):
            continue
        if len(element) > 0:
            continue                  # an object or a menu inside
        value = (element.text or '').strip()
        if not value:
            continue
        name = element.get('name', '')
        mark = element.get('translatable')
        if mark is not None:
            if mark.lower() not in TRUE_VALUES | FALSE_VALUES:
                problems.append('%s: <%s name="%s">: translatable="%s" is neither yes nor no'
                                % (path, element.tag, name, mark))
            continue
        # A string list's items are shown as they are.
        if element.tag == 'item' or is_text(name, value):
            problems.append('%s: <%s%s>%s</%s> is text but not marked translatable="yes"'
                            % (path, element.tag, ' name="%s"' % name if name else '',
                               value, element.tag))
    return problems


def ui_files(args):
    for arg in args:
        if os.path.isdir(arg):
            for root, dirs, files in os.walk(arg):
                dirs.sort()
                for f in sorted(files):
                    if f.endswith('.ui'):
                        yield os.path.join(root, f)
        else:
            yield arg


def main():
    args = sys.argv[1:]
    expected = None
    if args[:1] == ['--expect-problems']:
        expected = int(args[1])
        args = args[2:]
    files = list(ui_files(args))
    if not files:
        print('no .ui file to check', file=sys.stderr)
        return 1
    problems = []
    for path in files:
        problems += check_file(path)
    for p in problems:
        print('FAIL:', p)
    print('%d .ui files checked, %d problems' % (len(files), len(problems)))
    if expected is not None:
        return 0 if len(problems) == expected else 1
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
