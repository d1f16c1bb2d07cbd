#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""How often two labellers agree: the second labelling of a set scored
against the first as if the first were the truth, per language, for
entities, topics and traps (precision: the second's labels the first also
has; recall: the first's labels the second also has). It bounds what the
tagger's figures can mean: a tagger cannot be held to agree with one
labeller more than two labellers agree with each other."""
import json
import sys


def load(path):
    return {s['id']: s for s in json.load(open(path, encoding='utf-8'))['stories']}


def main(first_path, second_path):
    first, second = load(first_path), load(second_path)
    if set(first) != set(second):
        sys.exit('the two files do not hold the same stories')
    print('%s labelled twice, the second labelling against the first' % first_path.split('/')[-1])
    for lang in ('en', 'ar'):
        for kind in ('entities', 'topics', 'not'):
            both = only_first = only_second = same = n = 0
            for sid, a in first.items():
                if a['lang'] != lang:
                    continue
                x, y = set(a[kind]), set(second[sid][kind])
                n += 1
                both += len(x & y)
                only_first += len(x - y)
                only_second += len(y - x)
                same += x == y
                if x != y and kind != 'not':
                    print('#   %s %s: only the first %s, only the second %s'
                          % (sid, kind, sorted(x - y), sorted(y - x)))
            p = both / (both + only_second) if both + only_second else 1.0
            r = both / (both + only_first) if both + only_first else 1.0
            print('%s %-8s P %5.1f%% R %5.1f%%  (%d both, %d only the first, %d only the second; '
                  '%d of %d stories the same)'
                  % (lang, 'traps' if kind == 'not' else kind, 100 * p, 100 * r, both,
                     only_first, only_second, same, n))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
