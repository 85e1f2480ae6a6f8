"""The size of the hostile-input corpus (payloads × fields × outputs), which issue 18's
closing note reports; ``python -m tests.hostile`` prints it too."""

from tests.hostile import FIELDS, PAYLOADS, corpus_size


def test_the_corpus_counts_every_payload_in_every_field_and_output(capsys):
    size = corpus_size()
    assert size["payloads"] == len(PAYLOADS) >= 15
    assert size["fields"] == len(FIELDS)
    assert size["cases"] <= size["payloads"] * size["field-output pairs"]
    with capsys.disabled():
        print(f"\nhostile-input corpus: {size}")
