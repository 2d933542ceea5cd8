#!/usr/bin/env python3
"""Quick anchoring check for theme-map fragments, before the Rust checker exists.

usage: tools/check_quotes.py themes/japan-korea.toml [more.toml ...]

Mirrors the rule in DESIGN.md: a quote (or start/end phrase) matches the
essay's plain text after normalising whitespace, curly/straight quotes,
dashes and soft hyphens, and must match exactly once. `parallax check`
is the authority; this is a stop-gap for editing the map.
"""
import pathlib, re, sys, tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
TR = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"',
                    "–": "-", "—": "-", "―": "-", "‒": "-", "−": "-", "\u00ad": None, "\u00a0": " "})


def norm(s):
    return re.sub(r"\s+", " ", s.translate(TR)).strip()


def plain(path):
    body = path.read_text(encoding="utf-8").split("+++", 2)[2]
    body = re.sub(r"^(## |- )", "", body, flags=re.M)
    return norm(body)


essays = {p.stem: plain(p) for p in (ROOT / "essays").glob("*.md")}
bad = 0
total = 0
for f in sys.argv[1:]:
    data = tomllib.loads(pathlib.Path(f).read_text(encoding="utf-8"))
    for i, p in enumerate(data.get("passages", [])):
        total += 1
        text = essays.get(p.get("essay"))
        where = f"{f}: passage {i + 1} ({p.get('essay')})"
        if text is None:
            print(where, "unknown essay"); bad += 1; continue
        if "quote" in p:
            n = text.count(norm(p["quote"]))
            if n != 1:
                print(where, f"quote matches {n} times:", p["quote"][:70]); bad += 1
        else:
            for k in ("start", "end"):
                n = text.count(norm(p.get(k, "\0")))
                if n != 1:
                    print(where, f"{k} matches {n} times:", p.get(k, "")[:70]); bad += 1
            if "start" in p and "end" in p and text.find(norm(p["start"])) > text.find(norm(p["end"])):
                print(where, "end before start"); bad += 1
        for k in ("stance", "role", "themes"):
            if k not in p:
                print(where, "missing", k); bad += 1
print(f"{total} passages, {bad} problems")
sys.exit(1 if bad else 0)
