# SPDX-License-Identifier: GPL-2.0-only
# Every key path of a JSON-lines file, one a line, sorted: "a.b" for nested objects, "a[]" for array elements.
# With --expected FILE: compares with FILE, leaving out the keys under an array that was empty or an object that was
# null in every line of this run (they cannot show); prints what is missing or new, exits 1 on a difference.
import json
import sys


def walk(value, path, keys, filled):
    if isinstance(value, dict):
        filled.add(path)
        for k, x in value.items():
            p = f"{path}.{k}" if path else k
            keys.add(p)
            walk(x, p, keys, filled)
    elif isinstance(value, list):
        for x in value:
            filled.add(path + "[]")
            walk(x, path + "[]", keys, filled)


def main():
    keys, filled = set(), set()
    for line in open(sys.argv[1]):
        walk(json.loads(line), "", keys, filled)
    if len(sys.argv) < 4:
        print("\n".join(sorted(keys)))
        return 0
    expected = {k for k in open(sys.argv[3]).read().split("\n") if k}

    def can_show(key):
        parent = key.rsplit(".", 1)[0] if "." in key else ""
        return parent == "" or parent in filled

    missing = sorted(k for k in expected - keys if can_show(k))
    new = sorted(keys - expected)
    for k in missing:
        print(f"missing: {k}")
    for k in new:
        print(f"new: {k}")
    print(f"# {len(keys)} keys, {len(expected)} expected, {len(missing)} missing, {len(new)} new")
    return 1 if missing or new else 0


sys.exit(main())
