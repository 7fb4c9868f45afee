"""The benchmark corpora give exactly what they gave before the speed work (issue 9, item 5).

The digests were computed on the code before the hot paths of the review and the text reader
were reworked (commit 85e9220): every finding of every perturbed form, and every declaration
and note read from every generated text form.  A change of behaviour, however small, changes
the digest; a rule or reader change that is meant to change results updates it deliberately.
"""

import hashlib
import json

import pytest

from jixiao.benchmarks.parse import make_corpus
from jixiao.benchmarks.review import SHARED_FORMS, perturbed_forms
from jixiao.core.importers.text import read_text_bytes
from jixiao.core.review import load_config, review

REVIEW_FORMS = 500
REVIEW_DIGEST = "39ccd32f68ad07bb88e9a384aa14f45f636e1c15350a30ee117f517787d3e09d"
PARSE_FORMS = 300
PARSE_DIGEST = "952633008d92b2d9d899f7a7dac0070d2eca1ab4286ccb87548599f7dd3a9b3a"


def _digest(items) -> str:
    text = json.dumps(items, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def review_digest(count: int = REVIEW_FORMS) -> str:
    config = load_config()
    return _digest([review(d, config=config).to_dict() for d in perturbed_forms(count)])


def parse_digest(count: int = PARSE_FORMS) -> str:
    out = []
    for i, data in enumerate(make_corpus(count)):
        declarations, notes = read_text_bytes(data, f"form-{i}.txt")
        out.append(
            {
                "declarations": [d.to_dict() for d in declarations],
                "notes": [[n.line, n.kind, n.message, n.project_name] for n in notes],
            }
        )
    return _digest(out)


@pytest.mark.skipif(not SHARED_FORMS.exists(), reason="the shared forms are not here")
def test_it_reviews_the_perturbed_forms_exactly_as_before():
    assert review_digest() == REVIEW_DIGEST


def test_it_reads_the_generated_text_forms_exactly_as_before():
    assert parse_digest() == PARSE_DIGEST
