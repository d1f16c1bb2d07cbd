#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks that the layers' arrows go one way.

  check-layers.py SRCDIR [--expect-problems N]

src/core includes nothing of GTK, libadwaita, src/gui or src/cli; src/cli
nothing of src/gui; and nothing src/gui includes, directly or through the
core's headers, is the store's synchronous API: neither dossier-store.h nor
dossier-store-private.h, nor any other header that declares a function
taking a DossierStore (the reading, refresh, export and sample functions
that the core's jobs, the CLI and the tests call). The interface reaches
the database through DossierContext's jobs and sees the records of
dossier-records.h. With --expect-problems, the tree is a fixture that must
show exactly N.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
FORBIDDEN_IN_GUI = {"dossier-store.h", "dossier-store-private.h"}
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
# A parameter list that takes the store: "(DossierStore *store, ..." or
# one where it comes later.
TAKES_STORE = re.compile(r"\w+\s*\([^;{}()]*\bDossierStore\s*\*")


def read_includes(path):
    with open(path, encoding="utf-8") as f:
        return INCLUDE.findall(f.read())


def store_functions(path):
    """The functions that @path declares with a DossierStore parameter."""
    with open(path, encoding="utf-8") as f:
        text = COMMENT.sub(" ", f.read())
    return [m.group(0).split("(")[0].strip() for m in TAKES_STORE.finditer(text)]


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
            elif layers[target] == "core" and target.endswith(".h"):
                functions = store_functions(target)
                if functions:
                    problems.append(f"{path}: sees {os.path.basename(target)} (through {via}), "
                                    f"which declares the store's {', '.join(functions)}")

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
