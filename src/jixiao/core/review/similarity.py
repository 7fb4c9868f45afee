"""Text similarity on Chinese text without word segmentation: character n-grams (shingles),
Jaccard and containment, and MinHash signatures for finding similar texts in a large batch.

Punctuation and spaces are dropped before shingling, so that 、 versus ， or a wrapped line
does not decide whether two passages are the same.
"""

from __future__ import annotations

import re

_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)
# Full-width letters and digits to ASCII: what NFKC would do to a form's text, at a fraction of
# the cost (NFKC dominated the per-declaration review time).
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HAS_FULL_WIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def clean(text: str | None) -> str:
    """Text reduced to what carries meaning: no punctuation, no spaces, full-width letters and
    digits folded to ASCII, lower case."""
    if not text:
        return ""
    # Punctuation goes first, so that only full-width letters and digits need folding.
    text = _NOISE.sub("", text)
    if _HAS_FULL_WIDTH.search(text):
        text = text.translate(_FULL_WIDTH)
    return text.lower()


def shingles(text: str, n: int) -> set[str]:
    """The set of character n-grams of a cleaned text (the text itself when shorter)."""
    if len(text) <= n:
        return {text} if text else set()
    return {text[i : i + n] for i in range(len(text) - n + 1)}


def jaccard(a: set, b: set) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def containment(small: set, big: set) -> float:
    """The share of ``small``'s shingles found in ``big``."""
    if not small:
        return 0.0
    return len(small & big) / len(small)


def shingle_hashes(text: str, n: int) -> set[int]:
    """Deterministic hashes of the n-grams: hashes of code-point tuples, which Python does not
    salt per process (unlike ``hash(str)``), so signatures are the same in every run."""
    codes = list(map(ord, text))
    if len(codes) <= n:
        return {hash(tuple(codes))} if codes else set()
    return set(map(hash, zip(*(codes[i:] for i in range(n)), strict=False)))


def band_keys(hashes: set[int], bands: int, rows: int) -> list[tuple[int, ...]]:
    """LSH keys by one-permutation hashing: the hashes are split into ``bands`` bins by their
    value modulo ``bands``; a bin's key is its ``rows`` least hashes.

    Two sets share a bin's key with probability close to J ** rows (J their Jaccard
    similarity), as with classic MinHash banding, but one sort replaces ``bands × rows``
    passes over the set.  A bin a small set leaves empty has an empty key, to be skipped."""
    keys: list[list[int]] = [[] for _ in range(bands)]
    wanted = bands * rows
    for h in sorted(hashes):
        key = keys[h % bands]
        if len(key) < rows:
            key.append(h)
            wanted -= 1
            if not wanted:
                break
    return [tuple(k) for k in keys]
