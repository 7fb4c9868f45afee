"""Text similarity on Chinese text without word segmentation: character n-grams (shingles),
Jaccard and containment, and MinHash signatures for finding similar texts in a large batch.

Punctuation and spaces are dropped before shingling, so that 、 versus ， or a wrapped line
does not decide whether two passages are the same.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

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


@lru_cache(maxsize=8)
def minhash_salts(count: int) -> tuple[int, ...]:
    rng = random.Random(20230317)
    return tuple(rng.getrandbits(63) for _ in range(count))


def minhash(hashes: set[int], count: int) -> tuple[int, ...]:
    """A MinHash signature: for each salt, the least of the hashes XOR-ed with it.

    Two signatures agree at a position with probability close to the Jaccard similarity of the
    two sets.  ``map`` over ``int.__xor__`` keeps the inner loop in C.
    """
    if not hashes:
        return ()
    return tuple(min(map(salt.__xor__, hashes)) for salt in minhash_salts(count))
