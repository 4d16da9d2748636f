#!/usr/bin/env python3
"""Checks the layering of Oversub's sources (docs/architecture.md, "Layers").

  - core/model/ never includes a header of core/engine/ (the model library
    cannot see the engine's include root; this says which file tried);
  - ui/ and app/gui/ (the window) include no engine header;
  - the folders of core/ form no cycle: a folder's includes of another
    folder give an edge, and the graph must be acyclic.

  - every folder of core/ is named where the folders are listed for
    readers: core/CMakeLists.txt's comment and the README's layout table.

Prints the folder graph with --graph. With --doc FILE, the graph block in
FILE (the fenced block after the line "<!-- folder graph: check_layers.py -->")
must be that graph, so the documentation cannot drift from the code.
Exits 1 naming every violation.
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([A-Za-z0-9_]+)/[^"]+"', re.M)


def folders(root, library):
    base = os.path.join(root, "core", library)
    return sorted(d for d in os.listdir(base) if os.path.isdir(os.path.join(base, d)))


def sources(directory):
    for here, _, names in os.walk(directory):
        for name in sorted(names):
            if name.endswith((".h", ".cpp")):
                yield os.path.join(here, name)


def included_folders(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return INCLUDE.findall(f.read())


def find_cycle(graph):
    """One cycle as a list of folders, or None (iterative DFS, colours)."""
    colour = {node: 0 for node in graph}  # 0 new, 1 on the stack, 2 done
    for start in sorted(graph):
        if colour[start]:
            continue
        stack = [(start, iter(sorted(graph[start])))]
        path = [start]
        colour[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = 2
                stack.pop()
                path.pop()
            elif colour.get(child) == 1:
                return path[path.index(child):] + [child]
            elif colour.get(child) == 0:
                colour[child] = 1
                stack.append((child, iter(sorted(graph[child]))))
                path.append(child)
    return None


DOC_MARKER = "<!-- folder graph: check_layers.py -->"


def graph_text(graph, model, engine):
    lines = []
    for folder in model + engine:
        side = "model " if folder in model else "engine"
        lines.append(f"{side} {folder:<11} -> {' '.join(sorted(graph[folder])) or '(nothing)'}\n")
    return "".join(lines)


def documented_graph(path):
    """The fenced block after DOC_MARKER in `path`, or None."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    at = text.find(DOC_MARKER)
    if at < 0:
        return None
    start = text.find("```\n", at)
    end = text.find("```", start + 4)
    return text[start + 4:end] if start >= 0 and end >= 0 else None


def unlisted_folders(root, model, engine):
    """Problems for each core folder a reader's list leaves out."""
    problems = []
    with open(os.path.join(root, "core", "CMakeLists.txt"), encoding="utf-8") as f:
        cmake_comment = "".join(line for line in f if line.startswith("#"))
    with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    for library, own in (("model", model), ("engine", engine)):
        row = next((line for line in readme.splitlines() if line.startswith(f"| `core/{library}/`")), "")
        for folder in own:
            if not re.search(rf"\b{folder}/", cmake_comment):
                problems.append(f"core/CMakeLists.txt: its folder list leaves out {library}/{folder}/")
            if not re.search(rf"\b{folder}\b", row):
                problems.append(f"README.md: the layout row of core/{library}/ leaves out {folder}")
    return problems


def main():
    root = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else os.getcwd()
    model, engine = folders(root, "model"), folders(root, "engine")
    problems = []
    overlap = set(model) & set(engine)
    if overlap:
        problems.append("folders in both libraries: " + ", ".join(sorted(overlap)))

    graph = {folder: set() for folder in model + engine}
    for library, own in (("model", model), ("engine", engine)):
        for folder in own:
            for path in sources(os.path.join(root, "core", library, folder)):
                for used in included_folders(path):
                    if used == folder or used not in graph:
                        continue
                    graph[folder].add(used)
                    if library == "model" and used in engine:
                        problems.append(f"{os.path.relpath(path, root)}: the model includes engine header {used}/")

    for window_dir in ("ui", os.path.join("app", "gui")):
        for path in sources(os.path.join(root, window_dir)):
            for used in included_folders(path):
                if used in engine and not os.path.isdir(os.path.join(root, window_dir, used)):
                    problems.append(f"{os.path.relpath(path, root)}: the window includes engine header {used}/")

    problems += unlisted_folders(root, model, engine)

    cycle = find_cycle(graph)
    if cycle:
        problems.append("folder cycle: " + " -> ".join(cycle))

    text = graph_text(graph, model, engine)
    if "--graph" in sys.argv:
        print(text, end="")
    if "--doc" in sys.argv:
        doc = sys.argv[sys.argv.index("--doc") + 1]
        documented = documented_graph(doc)
        if documented is None:
            problems.append(f"{doc}: no graph block after {DOC_MARKER}")
        elif documented != text:
            problems.append(f"{doc}: the folder graph differs from the code; "
                            f"paste the output of `{os.path.relpath(__file__, root)} --graph`")
    for problem in problems:
        print("layers:", problem, file=sys.stderr)
    if not problems:
        print(f"layers: ok ({len(model)} model folders, {len(engine)} engine folders, no cycle)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
