#!/usr/bin/env python3
"""Runs every example of an integrator's guide (docs/integration.md) against a running KSI.

  guide_examples.py GUIDE.md WORK_DIR

An example is a fenced block whose info string is `sh example` or `python example` (a renderer shows
it as an ordinary sh/python block). The examples run in order, in WORK_DIR, with the environment the
guide's "Before you start" section describes (KSI_URL, KSI_CA, KSI_CERT, KSI_KEY, TOKEN, … set by
scripts/guide-run), so a later example may use a file an earlier one wrote. `sh` examples run under
`bash -euo pipefail`, `python` examples with this interpreter. Each must exit 0 within 120 s; the
examples check what they show (curl --fail-with-body, Python asserts). Prints one line per example and
'N passed, N failed'; exits non-zero on any failure or when the guide has no examples.
"""
import os
import re
import subprocess
import sys

FENCE = re.compile(r"^```(\w+)\s+example\s*$")


def examples(text):
    """(line number, language, code) of every example block, in order."""
    found, lines, i = [], text.splitlines(), 0
    while i < len(lines):
        match = FENCE.match(lines[i].strip())
        if not match:
            i += 1
            continue
        start, body = i + 1, []
        i += 1
        while i < len(lines) and lines[i].strip() != "```":
            body.append(lines[i])
            i += 1
        if i == len(lines):
            sys.exit(f"guide_examples: the block at line {start} is not closed")
        found.append((start, match.group(1), "\n".join(body) + "\n"))
        i += 1
    return found


def run(language, code, work):
    if language == "sh":
        command = ["bash", "-euo", "pipefail", "-c", code]
    elif language == "python":
        command = [sys.executable, "-c", code]
    else:
        return 2, f"unknown example language {language!r}"
    try:
        done = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=120)
    except subprocess.TimeoutExpired:
        return 1, "timed out after 120 s"
    return done.returncode, (done.stdout + done.stderr)[-3000:]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    guide, work = sys.argv[1], sys.argv[2]
    with open(guide, encoding="utf-8") as fh:
        found = examples(fh.read())
    if not found:
        sys.exit(f"guide_examples: {guide} has no examples")
    passed = failed = 0
    for line, language, code in found:
        status, output = run(language, code, work)
        first = next((l for l in code.splitlines() if l.strip() and not l.startswith("#")), "").strip()[:70]
        if status == 0:
            passed += 1
            print(f"ok    {guide}:{line} {language}: {first}")
        else:
            failed += 1
            print(f"FAIL  {guide}:{line} {language}: {first} (exit {status})\n{output}")
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
