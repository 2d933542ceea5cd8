//! A word diff of a quote as written in the map and as the essay now has
//! it, for `check`'s report of a changed passage.

/// Words compared in full at most (per side, after the common ends are
/// trimmed); a longer middle is shown as removed and added whole, so a
/// hostile 1 MB quote costs no quadratic table.
const MAX_WORDS: usize = 400;
/// Unchanged words shown around each change.
const KEEP: usize = 3;

/// How many items `a` and `b` share at their start, and then at their
/// end (not overlapping the start): what a one-change diff keeps.
pub(crate) fn common_ends<T: PartialEq>(a: &[T], b: &[T]) -> (usize, usize) {
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let post = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (pre, post)
}

/// `old` and `new` word by word: unchanged words as they are, removed ones
/// as `[-…-]`, added ones as `{+…+}`; long unchanged stretches are cut to a
/// few words around each change with `…`.
pub fn word_diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    let (pre, post) = common_ends(&a, &b);
    let (am, bm) = (&a[pre..a.len() - post], &b[pre..b.len() - post]);
    let mut ops: Vec<(char, &str)> = a[..pre].iter().map(|w| ('=', *w)).collect();
    if am.len() <= MAX_WORDS && bm.len() <= MAX_WORDS {
        ops.extend(lcs_ops(am, bm));
    } else {
        ops.extend(am.iter().map(|w| ('-', *w)));
        ops.extend(bm.iter().map(|w| ('+', *w)));
    }
    ops.extend(a[a.len() - post..].iter().map(|w| ('=', *w)));
    render(&ops)
}

/// An edit script by longest common subsequence.
fn lcs_ops<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<(char, &'a str)> {
    let (n, m) = (a.len(), b.len());
    // l[i][j]: LCS length of a[i..] and b[j..].
    let mut l = vec![vec![0u16; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            l[i][j] = if a[i] == b[j] {
                l[i + 1][j + 1] + 1
            } else {
                l[i + 1][j].max(l[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut ops) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            ops.push(('=', a[i]));
            (i, j) = (i + 1, j + 1);
        } else if i < n && (j == m || l[i + 1][j] >= l[i][j + 1]) {
            ops.push(('-', a[i]));
            i += 1;
        } else {
            ops.push(('+', b[j]));
            j += 1;
        }
    }
    ops
}

fn render(ops: &[(char, &str)]) -> String {
    // Which unchanged words to show: those within KEEP of a change.
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != '=').collect();
    if changed.is_empty() {
        return ops.iter().map(|(_, w)| *w).collect::<Vec<_>>().join(" ");
    }
    let near = |k: usize| {
        let p = changed.partition_point(|&c| c < k);
        let after = changed.get(p).is_some_and(|&c| c - k <= KEEP);
        let before = p > 0 && k - changed[p - 1] <= KEEP;
        after || before
    };
    let mut out: Vec<String> = Vec::new();
    let mut k = 0;
    while k < ops.len() {
        let (op, w) = ops[k];
        match op {
            '=' if near(k) => out.push(w.to_string()),
            '=' => {
                if out.last().is_none_or(|l| l != "…") {
                    out.push("…".to_string());
                }
            }
            _ => {
                // A run of one kind in one bracket.
                let run: Vec<&str> = ops[k..]
                    .iter()
                    .take_while(|(o, _)| *o == op)
                    .map(|(_, w)| *w)
                    .collect();
                k += run.len();
                let (open, close) = if op == '-' {
                    ("[-", "-]")
                } else {
                    ("{+", "+}")
                };
                out.push(format!("{open}{}{close}", run.join(" ")));
                continue;
            }
        }
        k += 1;
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_word_is_shown_in_context() {
        assert_eq!(
            word_diff(
                "One two three four five six seven the deal will last for years to come",
                "One two three four five six seven the deal will endure for years to come"
            ),
            "… the deal will [-last-] {+endure+} for years to …"
        );
    }

    #[test]
    fn insertions_and_deletions() {
        assert_eq!(word_diff("a b c", "a x b"), "a {+x+} b [-c-]");
        assert_eq!(word_diff("same", "same"), "same");
    }
}
