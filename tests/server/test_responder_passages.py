"""The offline responder quotes whole sentences: wrapped prose is not cut at line ends,
tables keep a row a passage, and every passage is an exact slice of the document."""

from __future__ import annotations

from claude_files.server.responder import Doc, split_passages

PROSE = """# Notes, week 47

The team agreed to ship. Dana presented the budget:
the total is $480,000, of which $310,000 goes to
engineering. Cloud spend is 12% over forecast.
- a list item stays alone
"""


def passages(text: str) -> list[str]:
    doc = Doc(index=0, title="t", file_id="file_x", citations=True, kind="text", text=text)
    found = split_passages(doc)
    assert all(text[p.start : p.end] == p.text for p in found)
    return [p.text for p in found]


def test_sentences_run_across_wrapped_lines():
    assert passages(PROSE) == [
        "# Notes, week 47",
        "The team agreed to ship.",
        "Dana presented the budget:\nthe total is $480,000, of which $310,000 goes to\nengineering.",
        "Cloud spend is 12% over forecast.",
        "- a list item stays alone",
    ]


def test_csv_rows_stay_one_passage_each():
    assert passages("region,quarter,revenue\nNorth,Q1,120000.50\nSouth,Q1,99000\n") == [
        "region,quarter,revenue",
        "North,Q1,120000.50",
        "South,Q1,99000",
    ]
