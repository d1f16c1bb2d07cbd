#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that the layers' arrows go one way.

  check-layers.py SRCDIR [--expect-problems N]

src/core includes nothing of GTK, libadwaita, src/gui or src/cli; src/cli
nothing of src/gui; and nothing src/gui includes, directly or through the
core's headers, is the store's synchronous API (dossier-store.h and
dossier-store-private.h): the interface reaches the database through
DossierContext's jobs and sees the records of dossier-records.h. With
--expect-problems, the tree is a fixture that must show exactly N.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
FORBIDDEN_IN_GUI = {"dossier-store.h", "dossier-store-private.h"}


def read_includes(path):
    with open(path, encoding="utf-8") as f:
        return INCLUDE.findall(f.read())


def main():
    args = sys.argv[1:]
    expect = None
    if "--expect-problems" in args:
        i = args.index("--expect-problems")
        expect = int(args[i + 1])
        del args[i:i + 2]
    src = args[0]
    layers = {}
    for layer in ("core", "cli", "gui"):
        folder = os.path.join(src, layer)
        if os.path.isdir(folder):
            for name in sorted(os.listdir(folder)):
                if name.endswith((".c", ".h")):
                    layers[os.path.join(folder, name)] = layer
    by_name = {os.path.basename(p): p for p in layers}
    problems = []

    for path, layer in layers.items():
        for kind, name in read_includes(path):
            target = by_name.get(os.path.basename(name)) if kind == '"' else None
            if layer == "core" and kind == "<" and re.match(r"(gtk|gdk|gsk|adwaita)", name):
                problems.append(f"{path}: the core includes <{name}>")
            if target is not None:
                if layer == "core" and layers[target] != "core":
                    problems.append(f"{path}: the core includes {name} of src/{layers[target]}")
                if layer == "cli" and layers[target] == "gui":
                    problems.append(f"{path}: the CLI includes {name} of src/gui")

    def closure(path, seen):
        for kind, name in read_includes(path):
            target = by_name.get(os.path.basename(name)) if kind == '"' else None
            if target is not None and target not in seen:
                seen[target] = path
                closure(target, seen)
        return seen

    for path, layer in layers.items():
        if layer != "gui":
            continue
        seen = closure(path, {})
        for target, via in seen.items():
            if os.path.basename(target) in FORBIDDEN_IN_GUI:
                problems.append(f"{path}: sees {os.path.basename(target)} (through {via})")

    for problem in problems:
        print("FAIL:", problem)
    if expect is not None:
        if len(problems) != expect:
            print(f"expected {expect} problems, found {len(problems)}")
            return 1
        return 0
    if problems:
        return 1
    print(f"ok: {len(layers)} files, every arrow goes one way")
    return 0


if __name__ == "__main__":
    sys.exit(main())
