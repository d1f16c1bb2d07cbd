#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks the Flatpak manifests: flatpak-builder parses them, and they ask
for no more of the system than Dossier needs.

  check-flatpak-manifest.py [--flatpak-builder PATH] MANIFEST...

Without --flatpak-builder the manifests are read as plain JSON and every
other check still runs; the exit status is then 77 (skipped) if they pass,
so that the missing parse check shows."""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

REQUIRED_ARGS = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
}
# Host files go through the file chooser portal; no session or system bus
# beyond what the portals give; no X11 when Wayland is there.
FORBIDDEN_PREFIXES = (
    "--filesystem",
    "--socket=x11",
    "--socket=session-bus",
    "--socket=system-bus",
    "--device=all",
    "--talk-name=org.freedesktop.Flatpak",
)
STABLE_ID = "io.github.dossierapp.Dossier"


def load_with_builder(builder, path):
    """The manifest as flatpak-builder understood it."""
    # It makes its state folder (.flatpak-builder) in the current one.
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(
            [builder, "--show-manifest", os.path.abspath(path)],
            cwd=tmp, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise ValueError("flatpak-builder --show-manifest failed: "
                         + result.stderr.strip())
    return json.loads(result.stdout)


def check(path, manifest):
    errors = []
    name = os.path.basename(path)
    expected_id = re.sub(r"\.(json|ya?ml)$", "", name)
    devel = expected_id.endswith(".Devel")

    if manifest.get("id", manifest.get("app-id")) != expected_id:
        errors.append("id is not %s" % expected_id)
    if manifest.get("runtime") != "org.gnome.Platform":
        errors.append("runtime is not org.gnome.Platform")
    if manifest.get("sdk") != "org.gnome.Sdk":
        errors.append("sdk is not org.gnome.Sdk")
    version = str(manifest.get("runtime-version", ""))
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", version):
        errors.append("runtime-version %r is not a pinned stable version" % version)
    if manifest.get("command") != "dossier":
        errors.append("command is not dossier")

    finish_args = manifest.get("finish-args", [])
    for arg in finish_args:
        if arg.startswith(FORBIDDEN_PREFIXES):
            errors.append("finish-args asks for %s" % arg)
    for arg in sorted(REQUIRED_ARGS - set(finish_args)):
        errors.append("finish-args lacks %s" % arg)

    modules = manifest.get("modules", [])
    if not modules:
        errors.append("no modules")
    else:
        app = modules[-1]
        if app.get("name") != "dossier" or app.get("buildsystem") != "meson":
            errors.append("the last module is not dossier built with meson")
        opts = app.get("config-opts", [])
        wanted = "-Dprofile=development" if devel else "-Dprofile=default"
        if wanted not in opts:
            errors.append("the dossier module is not configured with %s" % wanted)
        dirs = [s for s in app.get("sources", []) if s.get("type") == "dir"]
        if not dirs:
            errors.append("the dossier module is not built from the repository (a dir source)")
        for source in dirs:
            root = os.path.join(os.path.dirname(os.path.abspath(path)), source.get("path", ""))
            try:
                with open(os.path.join(root, "meson.build"), encoding="utf-8") as f:
                    if "project('dossier'" not in f.read():
                        errors.append("%s is not Dossier's source tree" % root)
            except OSError:
                errors.append("%s has no meson.build" % root)

    # A dependency built into the Flatpak must come from a pinned source.
    for module in modules[:-1]:
        if isinstance(module, str):
            continue
        for source in module.get("sources", []):
            kind = source.get("type")
            if kind in ("archive", "file") and "url" in source and "sha256" not in source:
                errors.append("%s: %s has no sha256" % (module.get("name"), source["url"]))
            if kind == "git" and "commit" not in source and "tag" not in source:
                errors.append("%s: git source is not pinned to a commit" % module.get("name"))

    if not devel and manifest.get("id") != STABLE_ID:
        errors.append("the stable manifest is not %s" % STABLE_ID)
    return errors


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--flatpak-builder")
    parser.add_argument("manifests", nargs="+")
    args = parser.parse_args()

    failed = False
    for path in args.manifests:
        try:
            if args.flatpak_builder:
                manifest = load_with_builder(args.flatpak_builder, path)
            else:
                with open(path, encoding="utf-8") as f:
                    manifest = json.load(f)
        except (OSError, ValueError, subprocess.SubprocessError) as e:
            print("FAIL %s: %s" % (path, e))
            failed = True
            continue
        errors = check(path, manifest)
        for error in errors:
            print("FAIL %s: %s" % (path, error))
        if errors:
            failed = True
        else:
            print("ok %s" % path)

    if failed:
        return 1
    if not args.flatpak_builder:
        print("flatpak-builder not found: the manifests were read as plain JSON only")
        return 77
    return 0


if __name__ == "__main__":
    sys.exit(main())
