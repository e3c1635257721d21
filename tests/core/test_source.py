"""The source reader: any YAML an instructor can write gives values with their lines, or problems on
their lines, never a traceback."""

from __future__ import annotations

import pytest

from learn.core.source import ProblemList, parse_yaml


def yaml_problems(text: str, first_line: int = 1) -> tuple[object, list[str]]:
    problems = ProblemList("x.yaml")
    doc = parse_yaml(text, first_line=first_line, problems=problems, what="x")
    return doc, [str(p) for p in problems]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9" * 5000, f"x.yaml:2: invalid number '{'9' * 37}...' (it has 5000 digits)"),
        ("1" * 4400 + ":30", f"x.yaml:2: invalid number '{'1' * 37}...' (it has 4402 digits)"),
        (
            "!!python/object:os.system {}",
            "x.yaml:2: invalid YAML in x: could not determine a constructor for the "
            "tag 'tag:yaml.org,2002:python/object:os.system'",
        ),
        (
            "!!python/name:os.system",
            "x.yaml:2: invalid YAML in x: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/name:os.system'",
        ),
        (
            "!!binary 'not base64!'",
            "x.yaml:2: invalid YAML in x: failed to decode base64 data: Invalid base64-encoded "
            "string: number of data characters (9) cannot be 1 more than a multiple of 4",
        ),
        ('"\\U0011FFFF"', "x.yaml:2: invalid YAML in x: chr() arg not in range(0x110000)"),
        (
            '"\\ud800"',
            "x.yaml:2: invalid text '\\ud800': an escape such as \\ud800 is only half a character; "
            "write the character itself",
        ),
        ("[" * 3000 + "]" * 3000, "x.yaml:2: invalid YAML in x: lists or mappings nested too deeply"),
        ("!foo bar", "x.yaml:2: invalid YAML in x: could not determine a constructor for the tag '!foo'"),
    ],
)
def test_no_bad_value_raises_anything_but_a_problem(value, message):
    doc, problems = yaml_problems(f"title: x\nvalue: {value}\n")
    assert doc is None
    assert problems == [message]


def test_repeated_keys_in_different_mappings_or_merged_are_fine():
    doc, problems = yaml_problems("base: &b {x: 1}\na: {x: 1, <<: *b}\nb: {x: 2}\n'1': one\n1: number\n")
    assert problems == []


def test_an_unclosed_quote_is_reported_where_it_opens():
    _, problems = yaml_problems('a: 1\nb: "open\nc: 2\n')
    assert problems == [
        "x.yaml:2: invalid YAML in x: while scanning a quoted scalar, found unexpected end of stream on line "
        "4"
    ]


def test_a_block_error_stays_on_the_line_of_the_problem():
    # The context of this error is the mapping that starts on line 1: the problem's own line is the one
    # to fix.
    _, problems = yaml_problems("a: 1\nb: 2\nc: 3\n- d\n")
    assert problems == ["x.yaml:4: invalid YAML in x: expected <block end>, but found '-'"]


def test_odd_but_valid_values_are_read():
    doc, problems = yaml_problems("a: .nan\nb: !!binary aGVsbG8=\nc: &x [*x]\nd: 1e999999\n")
    assert problems == []
    assert doc.value["b"] == b"hello" and doc.value["c"][0] is doc.value["c"]
