#!/usr/bin/env python3
"""Checks that every C++ source of Oversub is formatted as .clang-format says.

Runs `clang-format --dry-run --Werror` (clang-format-14, as Debian 12 ships
it; .ci/deps installs it) over app/, core/, ui/, tests/ and bench/, and
exits 1 naming each file that would change, with the command that fixes it.
Formatting is a fact of the tree, so it is checked like the layering; the
slower clang-tidy checks are run by .ci/tidy (docs/style.md).
"""
import os
import shutil
import subprocess
import sys

FOLDERS = ("app", "core", "ui", "tests", "bench")


def sources(root):
    for folder in FOLDERS:
        for here, dirs, names in os.walk(os.path.join(root, folder)):
            dirs.sort()
            for name in sorted(names):
                if name.endswith((".h", ".cpp")):
                    yield os.path.join(here, name)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.getcwd()
    tool = shutil.which("clang-format-14") or shutil.which("clang-format")
    if not tool:
        print("format: clang-format not found (Debian package clang-format; `bash .ci/deps` installs it)",
              file=sys.stderr)
        return 1
    files = list(sources(root))
    unformatted = []
    for start in range(0, len(files), 50):
        batch = files[start:start + 50]
        result = subprocess.run([tool, "--dry-run", "--Werror", "--style=file", *batch], cwd=root,
                                capture_output=True, text=True)
        if result.returncode != 0:
            named = [path for path in batch if f"{path}:" in result.stderr]
            if not named:  # clang-format itself failed
                print(result.stderr, file=sys.stderr)
                return 1
            unformatted += [os.path.relpath(path, root) for path in named]
    for path in unformatted:
        print(f"format: {path} is not formatted; run: {os.path.basename(tool)} -i {path}", file=sys.stderr)
    if not unformatted:
        print(f"format: ok ({len(files)} files)")
    return 1 if unformatted else 0


if __name__ == "__main__":
    sys.exit(main())
