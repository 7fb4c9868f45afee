"""Every importer, fed damaged copies of the real forms and of the project's own exports:
each input gives forms (that also dump as JSON, as `jixiao parse` does) or one Chinese line
naming the file, never another exception.  A bounded budget: the whole module runs in well
under 20 s; ``make fuzz`` runs 10,000 inputs (tests/fuzz/run_long.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.declaration import dumps
from jixiao.core.errors import FormError
from jixiao.core.importers.base import read_bytes
from tests.importers.inputs import mutated, of_format


def read_or_refuse(name: str, data: bytes) -> None:
    try:
        result = read_bytes(data, name)
    except FormError as exc:
        message = str(exc)
        assert "\n" not in message
        assert message.startswith(f"文件 {name}")
    else:
        assert result.declarations
        dumps(result.declarations)


def _fuzz(suffix: str, examples: int):
    samples = of_format(suffix)

    @settings(max_examples=examples, database=None)
    @given(
        st.sampled_from(range(len(samples))), st.randoms(use_true_random=False), st.integers(1, 3)
    )
    def fuzz(sample, rng, rounds):
        name, data = samples[sample]
        for _ in range(rounds):
            data = mutated(rng, name, data)
        read_or_refuse(name, data)

    return fuzz


test_it_reads_or_refuses_damaged_text = _fuzz(".txt", 100)
test_it_reads_or_refuses_damaged_json = _fuzz(".json", 100)
test_it_reads_or_refuses_damaged_workbooks = _fuzz(".xlsx", 60)
# Each PDF is extracted in a worker process (about 0.3 s): fewer examples here, more in
# `make fuzz`.
test_it_reads_or_refuses_damaged_pdfs = _fuzz(".pdf", 8)


@settings(max_examples=40, database=None)
@given(st.binary(max_size=3000), st.sampled_from(["x.txt", "x.json", "x.xlsx"]))
def test_it_reads_or_refuses_random_bytes_under_any_name(data, name):
    read_or_refuse(name, data)


@settings(max_examples=60, database=None)
@given(st.text(max_size=2000), st.sampled_from(["x.txt", "x.json"]))
def test_it_reads_or_refuses_random_unicode(text, name):
    read_or_refuse(name, text.encode())


@pytest.mark.parametrize(
    "sample", of_format(""), ids=lambda s: s[0] if isinstance(s, tuple) else ""
)
def test_it_reads_every_undamaged_corpus_file(sample):
    name, data = sample
    assert read_bytes(data, name).declarations
