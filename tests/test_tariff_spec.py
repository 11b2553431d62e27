import pytest

from tradewar.errors import PolicyError
from tradewar.policy import Policy
from tradewar.tariff_spec import parse


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
