#!/usr/bin/env python3
"""Build essays/*.md from the raw scrapes (a directory given as the only
argument: the pages as saved, which the repository does not carry).

Kept in the repository so the extraction can be audited and re-run: every
body line below is taken from the seed by its exact text; the only changes
are dropping page furniture (captions, credits, bios, footers, related
lists), marking headings/list items in Markdown, and trimming trailing
spaces. Nothing an author wrote is reworded.
"""
import pathlib, sys

if len(sys.argv) != 2:
    sys.exit("usage: make_essays.py SEEDS_DIR  (the raw scrapes of the essays)")
SEEDS = pathlib.Path(sys.argv[1])
OUT = pathlib.Path(__file__).resolve().parent.parent / "essays"


def lines(name):
    return [l.rstrip() for l in (SEEDS / name).read_text(encoding="utf-8").split("\n")]


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_ml(s):
    assert "'''" not in s
    return "'''\n" + s + "'''"


def write(ident, front, body):
    out = ["+++"]
    for k, v in front:
        if isinstance(v, list):
            out.append(f"{k} = [" + ", ".join(toml_str(x) for x in v) + "]")
        elif "\n" in v:
            out.append(f"{k} = " + toml_ml(v))
        else:
            out.append(f"{k} = {toml_str(v)}")
    out.append("+++")
    out.append("")
    out.append("\n\n".join(body).rstrip() + "\n")
    (OUT / f"{ident}.md").write_text("\n".join(out), encoding="utf-8")


def between(ls, first, last):
    """The non-empty lines from the one starting with `first` to the one starting with `last`."""
    i = next(n for n, l in enumerate(ls) if l.startswith(first))
    j = next(n for n, l in enumerate(ls) if n >= i and l.startswith(last))
    return [l for l in ls[i : j + 1] if l.strip()]


def find(ls, prefix):
    hits = [l for l in ls if l.startswith(prefix)]
    assert len(hits) == 1, (prefix, len(hits))
    return hits[0]


def drop(body, *prefixes):
    keep = [l for l in body if not any(l.startswith(p) for p in prefixes)]
    assert len(body) - len(keep) == len(prefixes), prefixes
    return keep


def headings(body, hs):
    out = []
    for l in body:
        out.append("## " + l if l in hs else l)
    assert sum(1 for l in out if l.startswith("## ")) == len(hs), hs
    return out


OUT.mkdir(exist_ok=True)

# --- Hawley & Leopold (Onero Institute) -------------------------------------
s = lines("000_e1da09e7dc512ea8.txt")
body = between(s, "The United States (U.S.) faces", "Beyond the strategic considerations")
body = drop(
    body,
    "South Korea's First Vice Foreign Minister",
    "Source: Getty/Kyodo",
    "Japanese Prime Minister Yoshihide Suga, Indian",
    "Source:\u00a0 Executive Office",
    "Graph depicting the reliance",
)
body = headings(
    body,
    {
        "Japan's Wartime Legacy",
        "A Diplomatic Dispute With Strategic Consequences",
        "A New Path Forward",
        "Benefits to U.S. Foreign Policy",
        "The New Path Forward Will Be A Challenge",
        "A Solution Worth Prioritizing",
    },
)
about = [find(s, "About the Author: \u00a0Bennett"), find(s, "About the Author: \u00a0Alex")]
write(
    "hawley-leopold-2021",
    [
        ("title", find(s, "Promoting Reconciliation")),
        ("authors", ["Bennett Hawley", "Alex Leopold"]),
        ("publisher", "Onero Institute"),
        ("published", "2021-10-08"),
        ("kind", "opinion essay"),
        ("about", "\n".join(a.split(":", 1)[1].strip() for a in about) + "\n"),
    ],
    body,
)

# --- Park & Silverberg (Foreign Policy) -------------------------------------
s = lines("001_7e63802d1efa8a75.txt")
body = between(s, "One of the biggest disappointments", "Rather, what is needed")
about = [find(s, "Andrew Injoo Park is the president"), find(s, "Elliot Silverberg has worked")]
write(
    "park-silverberg-2019",
    [
        ("title", s[0]),
        ("subtitle", find(s, "This weekend's G-20")),
        ("authors", ["Andrew Injoo Park", "Elliot Silverberg"]),
        ("publisher", "Foreign Policy"),
        ("kind", "essay"),
        ("about", "\n".join(about) + "\n"),
    ],
    body,
)

# --- Frank Aum (USIP Q&A) ---------------------------------------------------
s = lines("002_6a7852b80afaab54.txt")
# The standfirst ("USIP's Frank Aum looks at ...") is the publisher's, not
# Aum's: it goes to front matter like the debate's editor introduction.
standfirst = find(s, "Relations between Japan and South Korea have soured")
body = between(s, "What is the state of relations", "Optimal cooperation along")
qs = {
    "What is the state of relations between South Korea and Japan?",
    "How can South Korea-Japan relations be improved?",
    find(s, "Strengthening U.S. alliances in the region is one"),
    find(s, "What types of cooperation are being hindered"),
}
body = headings(body, qs)
body = ["- " + l.strip().removeprefix("•").strip() if l.strip().startswith("•") else l for l in body]
# Consecutive list items belong to one list: join them with single newlines.
joined = []
for l in body:
    if l.startswith("- ") and joined and joined[-1].split("\n")[-1].startswith("- "):
        joined[-1] += "\n" + l
    else:
        joined.append(l)
write(
    "aum-2022",
    [
        ("authors", ["Frank Aum"]),
        ("publisher", "USIP"),
        ("kind", "q-and-a"),
        ("intro", standfirst + "\n"),
    ],
    joined,
)

# --- Cha & Johnstone (CSIS) -------------------------------------------------
s = lines("003_71a8bba043e47197.txt")
body = between(s, "Last night Seoul and Tokyo", "There is a Japanese proverb")
write(
    "cha-johnstone-2023",
    [
        ("title", s[0]),
        ("authors", ["Victor Cha", "Christopher Johnstone"]),
        ("publisher", "CSIS"),
        ("kind", "commentary"),
        ("about", find(s, "Victor Cha is senior vice president") + "\n"),
    ],
    body,
)

# --- The CSIS "Debating Japan" debate: two voices ---------------------------
s = lines("004_dd07f4dc845e96af.txt")
motion = s[0]
intro = "\n\n".join(between(s, "Japan-South Korea relations have fallen", "In the 23rd issue")) + "\n"
common = [
    ("publisher", "CSIS"),
    ("kind", "debate"),
    ("debate", motion),
    ("series", "Debating Japan (CSIS Japan Chair newsletter), issue 23"),
    ("editor", "Hannah Fodale"),
    ("intro", intro),
]
sneider_bio = between(s, "DANIEL SNEIDER is a lecturer", "Sneider is a former foreign")
park_bio = [find(s, "CHEOL HEE PARK is a professor")]
write(
    "sneider-2021",
    [("title", motion), ("authors", ["Daniel Sneider"]),
     ("affiliation", find(s, "Lecturer, International Policy")), *common,
     ("about", "\n".join(sneider_bio) + "\n")],
    between(s, "The current tensions between Japan", "The burden of the past"),
)
write(
    "park-2021",
    [("title", motion), ("authors", ["Cheol Hee Park"]),
     ("affiliation", find(s, "Professor, Graduate School of International Studies")), *common,
     ("about", "\n".join(park_bio) + "\n")],
    between(s, "Since the end of 2020, the Moon", "Still, it is needless to say"),
)
print("wrote", sorted(p.name for p in OUT.glob("*.md")))
