#!/usr/bin/env python3
"""Fails when the folders of core/src include each other in a loop.

Data flows one way (request -> route -> role -> backend -> page), so the
folders form layers: a header in config/ that includes roles/ while roles/
includes config/ ties them together. Prints each loop with the includes
that close it.
    layers.py CORE_SRC_DIR
"""
import os
import re
import sys

src = sys.argv[1]
include = re.compile(r'^\s*#\s*include\s+"([a-z]+)/[^"]+"', re.M)
edges = {}  # folder -> {folder: [file, ...]}
for folder in sorted(os.listdir(src)):
    path = os.path.join(src, folder)
    if not os.path.isdir(path):
        continue
    edges.setdefault(folder, {})
    for name in sorted(os.listdir(path)):
        if not name.endswith((".h", ".cpp")):
            continue
        with open(os.path.join(path, name), encoding="utf-8") as f:
            for target in include.findall(f.read()):
                if target != folder and os.path.isdir(os.path.join(src, target)):
                    edges[folder].setdefault(target, []).append(f"{folder}/{name}")

# Tarjan's strongly connected components: any with more than one folder is a loop.
index, low, stack, on, loops, counter = {}, {}, [], set(), [], [0]


def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on.add(v)
    for w in edges.get(v, {}):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        component = []
        while True:
            w = stack.pop()
            on.discard(w)
            component.append(w)
            if w == v:
                break
        if len(component) > 1:
            loops.append(sorted(component))


for v in sorted(edges):
    if v not in index:
        visit(v)
for loop in loops:
    print("include loop between " + ", ".join(loop) + ":")
    for a in loop:
        for b, files in sorted(edges[a].items()):
            if b in loop:
                print(f"  {a} -> {b}: {', '.join(sorted(set(files)))}")
if loops:
    sys.exit(1)
print(f"{len(edges)} folders, no include loops")
