import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradewar.core.errors import PolicyError
from tradewar.core.policy import Policy
from tradewar.core.tariff_spec import parse


def test_parse_absolute_additional_and_percent():
    c = parse("USA:CHN=1.45")
    assert (c.importer, c.exporters, c.rate, c.additional) == ("USA", ("CHN",), 1.45, False)
    c = parse("chn:usa+=125%")
    assert (c.importer, c.exporters, c.additional) == ("CHN", ("USA",), True)
    assert c.rate == pytest.approx(1.25)
    assert parse("USA:CHN,MEX=0.25").exporters == ("CHN", "MEX")


@pytest.mark.parametrize("text", ["USA-CHN=1", "USA:CHN", "USA:CHN=abc", "=1", "USA:CHN=1.5.5"])
def test_malformed_specs_say_what_is_expected(text):
    with pytest.raises(PolicyError, match=r"IMPORTER:EXPORTER=RATE|cannot read"):
        parse(text)


def test_rate_below_minus_100_percent():
    with pytest.raises(PolicyError, match="below -100%"):
        parse("USA:CHN=-150%")


def test_apply_stacks(toy):
    p = parse("USA:CHN+=0.1").apply(parse("USA:CHN=0.2").apply(Policy.from_baseline(toy)))
    assert p.rate("USA", "CHN") == pytest.approx(0.3)


codes = st.sampled_from(["USA", "CHN", "MEX", "DEU", "EU27", "ALL", "usa", "Chn"])
rates = st.floats(-0.99, 10.0, allow_nan=False).map(lambda r: round(r, 4))


@settings(max_examples=200, deadline=None)
@given(
    importer=codes,
    exporters=st.lists(codes, min_size=1, max_size=3),
    rate=rates,
    percent=st.booleans(),
    additional=st.booleans(),
    sectors=st.one_of(st.none(), st.lists(st.sampled_from(["C26", "A01"]), min_size=1)),
)
def test_valid_specs_parse_and_round_trip(importer, exporters, rate, percent, additional, sectors):
    number = f"{100 * rate:g}%" if percent else f"{rate:g}"
    text = f"{importer}:{','.join(exporters)}"
    text += f"@{','.join(sectors)}" if sectors else ""
    text += f"{'+=' if additional else '='}{number}"
    change = parse(text)
    assert change.importer == importer.upper()
    assert change.exporters == tuple(e.upper() for e in exporters)
    assert change.additional is additional
    assert change.sectors == (None if not sectors else tuple(sectors))
    assert change.rate == pytest.approx(float(number.rstrip("%")) / (100 if percent else 1))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_text_parses_or_raises_a_policy_error(text):
    try:
        parse(text)
    except PolicyError as exc:
        assert "\n" not in str(exc)  # one line
