#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Probes every dossier-cli command with odd arguments.

check-cli-probe.py DOSSIER_CLI

Each command that `dossier-cli --help` lists is run, on a database of its
own in a folder of its own, with arguments a careless or hostile caller
gives: none, text that is not UTF-8, an empty string, a 100 KB one,
negative and enormous numbers, /dev/zero, file:// addresses, an option
without its value, --help. Each run must end by itself (no signal, within
its time, in bounded memory) either well, saying nothing on stderr, or
with a non-zero status, exactly one line "dossier-cli: ..." on stderr and
nothing on stdout. Prints one line per run and exits non-zero on the first
kind of failure it finds, after running them all.
"""
import os
import re
import resource
import subprocess
import sys
import tempfile

TIMEOUT = 60            # seconds a run may take (a 64 MB refusal included)
MEMORY = 2 * 1024 ** 3  # bytes of address space, outside a sanitizer build

HUGE = b"x" * 100_000
ODD_ARGUMENTS = [
    [],
    [b"caf\xe9"],                       # Latin-1, not UTF-8
    [b"\xff\xfe\x00"[:2]],
    [b""],
    [HUGE],
    [b"-1"],
    [b"--limit", b"-1"],
    [b"--feed", b"-5"],
    [b"--feed", b"99999999999999999999999"],
    [b"--since", b"2025-13-45"],
    [b"0"],
    [b"99999"],
    [b"/dev/zero"],
    [b"file:///dev/zero"],
    [b"file:///etc/passwd"],
    [b"file:///nowhere/at/all"],
    [b"http://127.0.0.1:9/closed.xml"],
    [b"--json", b"--json"],
    [b"--feed"],                        # an option without its value
    [b"--name"],
    [b"--help"],
    [b"--no-such-option"],
    [b"x", b"--title", b"caf\xe9"],
    [b"1", b"--title", HUGE],
]

# Writing commands are never given a device to write to: replacing
# /dev/zero by a file would need no more than root.
WRITES_FILES = {"export-opml"}


def commands(cli):
    out = subprocess.run([cli, "--help"], capture_output=True, check=True).stdout.decode()
    names = re.findall(r"^  ([a-z][a-z-]*)\b", out, re.MULTILINE)
    if len(names) < 20:
        sys.exit(f"only {len(names)} commands in dossier-cli --help:\n{out}")
    return names


def limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def verdict(args, result):
    """None when the run is a proper result or a proper error, else why not."""
    if result.returncode < 0:
        return f"killed by signal {-result.returncode}"
    if result.returncode == 0:
        if result.stderr:
            return f"succeeded but wrote to stderr: {result.stderr[:200]!r}"
        return None
    lines = result.stderr.split(b"\n")
    if len(lines) != 2 or lines[1] != b"" or not lines[0].startswith(b"dossier-cli: "):
        return f"status {result.returncode} without one line on stderr: {result.stderr[:300]!r}"
    try:
        lines[0].decode("utf-8")
    except UnicodeDecodeError:
        return f"an error that is not UTF-8: {lines[0][:200]!r}"
    if result.stdout:
        return f"an error, but something on stdout: {result.stdout[:200]!r}"
    if len(lines[0]) > 4096:
        return f"an error line of {len(lines[0])} bytes"
    return None


def main():
    cli = os.path.abspath(sys.argv[1])
    sanitized = "ASAN_OPTIONS" in os.environ or "UBSAN_OPTIONS" in os.environ
    env = dict(os.environ, LANGUAGE="en", DOSSIER_UNINSTALLED="1")
    failures = 0
    runs = 0
    with tempfile.TemporaryDirectory(prefix="dossier-probe-") as work:
        for command in commands(cli):
            # One database and folder a command: what a run leaves is
            # part of what the next one meets.
            folder = os.path.join(work, command)
            os.mkdir(folder)
            for odd in ODD_ARGUMENTS:
                if command in WRITES_FILES:
                    odd = [b"/dev/null" if a in (b"/dev/zero", b"file:///dev/zero") else a for a in odd]
                argv = [cli.encode(), b"--db", os.path.join(folder, "dossier.db").encode(),
                        command.encode()] + odd
                shown = " ".join(repr(a)[2:-1] if len(a) < 60 else f"<{len(a)} bytes>" for a in argv[3:])
                runs += 1
                try:
                    result = subprocess.run(argv, capture_output=True, cwd=folder, env=env,
                                            stdin=subprocess.DEVNULL, timeout=TIMEOUT,
                                            preexec_fn=None if sanitized else limit_memory)
                except subprocess.TimeoutExpired:
                    print(f"FAIL {shown}: still running after {TIMEOUT} s")
                    failures += 1
                    continue
                why = verdict(odd, result)
                if why is None:
                    print(f"ok   {shown}: exit {result.returncode}")
                else:
                    print(f"FAIL {shown}: {why}")
                    failures += 1
        # The global options, odd as well: an empty or missing --db is no
        # temporary database, a huge one no crash.
        for args in ([b"--db", b"", b"feeds"], [b"--db"], [b"--db", HUGE, b"feeds"],
                     [b"--db", b"caf\xe9/dossier.db", b"feeds"], [b"--no-such-option"], [b"no-such-command"]):
            runs += 1
            result = subprocess.run([cli.encode()] + args, capture_output=True, cwd=work, env=env,
                                    stdin=subprocess.DEVNULL, timeout=TIMEOUT)
            why = verdict(args, result)
            shown = " ".join(repr(a)[2:-1] if len(a) < 60 else f"<{len(a)} bytes>" for a in args)
            print(f"ok   {shown}: exit {result.returncode}" if why is None else f"FAIL {shown}: {why}")
            failures += why is not None
    print(f"{runs} runs, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
