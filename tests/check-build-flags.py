#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Checks how the project's C files are compiled.

  check-build-flags.py BUILDDIR BUILDTYPE

Every file under src/ is compiled against the oldest supported stack
(GTK 4.8, libadwaita 1.2, GLib 2.74, as *_VERSION_MIN_REQUIRED and
*_VERSION_MAX_ALLOWED) with deprecated or unavailable API an error, and a
release build without GObject cast checks. Then a probe that calls API GTK
deprecated in 4.4 is compiled with a GUI file's own command: it must fail,
as API newer than the maximum allowed does.
"""
import json
import os
import shlex
import subprocess
import sys
import tempfile

REQUIRED = [
    "-DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74",
    "-DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74",
    "-DGDK_VERSION_MIN_REQUIRED=GDK_VERSION_4_8",
    "-DGDK_VERSION_MAX_ALLOWED=GDK_VERSION_4_8",
    "-DADW_VERSION_MIN_REQUIRED=ADW_VERSION_1_2",
    "-DADW_VERSION_MAX_ALLOWED=ADW_VERSION_1_2",
    "-Werror=deprecated-declarations",
]

PROBE = """
#include <gtk/gtk.h>
#include <gsk/gl/gskglrenderer.h>
GskRenderer *probe (void);
GskRenderer *probe (void) { return gsk_ngl_renderer_new (); }
"""


def main():
    builddir, buildtype = sys.argv[1], sys.argv[2]
    with open(os.path.join(builddir, "compile_commands.json")) as f:
        commands = json.load(f)
    problems = []
    gui_command = None
    checked = 0
    for entry in commands:
        name = entry["file"]
        if "/src/" not in os.path.abspath(os.path.join(entry["directory"], name)):
            continue
        args = shlex.split(entry["command"])
        checked += 1
        for flag in REQUIRED:
            if flag not in args:
                problems.append(f"{name}: compiled without {flag}")
        release = not buildtype.startswith("debug")
        if release != ("-DG_DISABLE_CAST_CHECKS" in args):
            problems.append(f"{name}: G_DISABLE_CAST_CHECKS should be "
                            f"{'on' if release else 'off'} in a {buildtype} build")
        if "/src/gui/" in name and name.endswith("dossier-window.c"):
            gui_command = (entry["directory"], args)
    if checked == 0:
        problems.append("no file of src/ in compile_commands.json")

    if gui_command is None:
        problems.append("no compile command for src/gui/dossier-window.c")
    else:
        directory, args = gui_command
        with tempfile.TemporaryDirectory() as tmp:
            probe = os.path.join(tmp, "probe.c")
            with open(probe, "w") as f:
                f.write(PROBE)
            # The same compiler and flags, on the probe instead of the file.
            out = []
            skip = False
            for arg in args:
                if skip:
                    skip = False
                    continue
                if arg in ("-o", "-MF", "-MQ", "-MT"):
                    skip = True
                    continue
                if arg.endswith("dossier-window.c"):
                    continue
                out.append(arg)
            out = [a for a in out if a != "-c" and a != "-MD"]
            out += ["-c", probe, "-o", os.path.join(tmp, "probe.o")]
            run = subprocess.run(out, cwd=directory, capture_output=True, text=True)
            if run.returncode == 0:
                problems.append("a call to deprecated GTK API compiled with the GUI's flags")
            elif "deprecated" not in run.stderr:
                problems.append("the probe failed for another reason:\n" + run.stderr)

    for problem in problems:
        print("FAIL:", problem)
    if problems:
        return 1
    print(f"ok: {checked} files of src/ compiled with the version limits")
    return 0


if __name__ == "__main__":
    sys.exit(main())
