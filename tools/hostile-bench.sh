#!/bin/sh
# The adversarial benchmark of issue 13: every command and every view on
# each hostile corpus shape (benches/support/hostile.rs), with its wall
# time and peak memory (/usr/bin/time -v), the memory's ratio to the
# corpus size, and the same ratio net of the program's own baseline (its
# peak on a one-line corpus). Budgets: under 1 s, under 3x the input.
#
#   tools/hostile-bench.sh [DIR] [PARALLAX_BINARY]
#
# DIR (default /tmp/parallax-hostile) receives the shapes if it has none.
set -eu
cd "$(dirname "$0")/.."
dir=${1:-/tmp/parallax-hostile}
cargo build --release --quiet --examples --bin parallax
bin=${2:-target/release/parallax}
view=target/release/examples/open_view
[ -d "$dir/many-passages" ] || target/release/examples/gen_hostile "$dir" >/dev/null

# run CMD…: sets $kb (peak RSS in KiB) and $wall (h:mm:ss or m:ss).
run() {
    out=$( (/usr/bin/time -v "$@" >/dev/null 2>/tmp/hostile-bench.$$ || true); cat /tmp/hostile-bench.$$)
    wall=$(printf '%s\n' "$out" | sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' | tail -n 1)
    kb=$(printf '%s\n' "$out" | sed -n 's/.*Maximum resident set size (kbytes): //p' | tail -n 1)
}

# What a command costs on a one-line corpus: the program itself (code,
# stacks, allocator), which no input adds to. The "net" column subtracts
# it, so a small shape is judged on what the input costs.
tiny=$(mktemp -d)
mkdir "$tiny/essays" "$tiny/themes"
printf '+++\ntitle = "T"\nauthors = ["A"]\n+++\nOne line.\n' >"$tiny/essays/t.md"
printf '[[themes]]\nid = "t"\ntitle = "T"\n\n[[passages]]\nessay = "t"\nthemes = ["t"]\nquote = "One line."\nstance = "S"\n' >"$tiny/themes/m.toml"
run "$bin" check "$tiny"
base_cmd=$kb
run "$view" "$tiny" reader
base_view=$kb
rm -rf "$tiny"

# Where `export --format qdpx` writes (it needs a file).
qdpx_dir=$(mktemp -d)

# measure LABEL INPUT_BYTES CMD…: one line of the table.
measure() {
    label=$1 input=$2
    shift 2
    base=$base_cmd
    [ "$1" = "$view" ] && base=$base_view
    run "$@"
    awk -v l="$label" -v w="$wall" -v kb="$kb" -v base="$base" -v inb="$input" 'BEGIN {
        n = split(w, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i];
        printf "%-44s %7.2f s %8.1f MB %6.2fx %6.2fx\n", l, s, kb / 1024, kb * 1024 / inb,
            (kb - base) * 1024 / inb }'
}

awk -v c="$base_cmd" -v v="$base_view" 'BEGIN {
    printf "baseline (a one-line corpus): commands %.1f MB, views %.1f MB\n", c / 1024, v / 1024 }'
printf '%-44s %9s %11s %7s %7s\n' "shape / what" "wall" "peak RSS" "/input" "net"
for shape in many-passages many-themes huge-paragraph many-errors long-lines; do
    d=$dir/$shape
    input=$(du -sb "$d" | cut -f1)
    # The first theme id: the first "id" after the "themes" key.
    theme=$("$bin" themes "$d" --format json 2>/dev/null |
        sed -n '/"themes"/,$ s/.*"id": *"\([^"]*\)".*/\1/p' | head -n 1)
    echo "-- $shape ($(awk -v b="$input" 'BEGIN { printf "%.1f MB", b / 1048576 }'))"
    measure "check" "$input" "$bin" check "$d"
    measure "themes" "$input" "$bin" themes "$d"
    measure "themes --format json" "$input" "$bin" themes "$d" --format json
    if [ -n "$theme" ]; then
        for f in text md json; do
            measure "show $theme --format $f" "$input" "$bin" show "$theme" "$d" --format "$f"
        done
    fi
    for f in html md json argdown; do
        measure "export --format $f" "$input" "$bin" export "$d" --format "$f"
    done
    measure "export --format qdpx -o FILE" "$input" "$bin" export "$d" --format qdpx -o "$qdpx_dir/x.qdpx"
    rm -f "$qdpx_dir/x.qdpx"
    for v in reader compare matrix synoptic present; do
        measure "view $v (160x48)" "$input" "$view" "$d" "$v"
    done
done
rm -f /tmp/hostile-bench.$$
rm -rf "$qdpx_dir"
