"""The stacking rules and exemptions on named product lines: the additional rate a customs
broker would quote (MFN and the 2018-19 Section 301 duties come on top)."""

from __future__ import annotations

import datetime as dt

import pytest

from tradewar.core.errors import DataError
from tradewar.enacted import build, us_law

D = dt.date


def quote(inputs, partner, line, day, **kw) -> dict[str, float]:
    return build.line_rates(inputs, partner, line, day, **kw)


def total(rates: dict[str, float]) -> float:
    return round(sum(rates.values()), 6)


def test_chinese_smartphone_pays_the_fentanyl_duty_only(enacted_inputs):
    # 12 Apr 2025: reciprocal 125% in force, smartphones exempt from it (memorandum of 11 Apr,
    # retroactive to 5 Apr); the IEEPA duty on China (20%) still applies.
    rates = quote(enacted_inputs, "CHN", "8517130000", D(2025, 4, 12))
    assert rates["ieepa_fentanyl"] == pytest.approx(0.20)
    assert rates["ieepa_reciprocal"] == 0.0
    assert total(rates) == pytest.approx(0.20)
    # after the Busan deal (10 Nov 2025) the duty is 10%
    assert total(quote(enacted_inputs, "CHN", "8517130000", D(2025, 11, 15))) == pytest.approx(0.10)


def test_chinese_goods_under_the_truce_and_at_the_peak(enacted_inputs):
    toy = "9503000073"  # toys: no exemption, no 232
    assert total(quote(enacted_inputs, "CHN", toy, D(2025, 4, 12))) == pytest.approx(1.45)
    assert total(quote(enacted_inputs, "CHN", toy, D(2025, 4, 9))) == pytest.approx(1.04)
    assert total(quote(enacted_inputs, "CHN", toy, D(2025, 5, 14))) == pytest.approx(0.30)
    # IEEPA struck down: collection ends 24 Feb 2026; Section 122's 10% from that day
    assert total(quote(enacted_inputs, "CHN", toy, D(2026, 2, 23))) == pytest.approx(0.20)
    after = quote(enacted_inputs, "CHN", toy, D(2026, 3, 1))
    assert after == {**after, "section_122": 0.10} and total(after) == pytest.approx(0.10)


def test_canadian_steel_on_5_june_2025(enacted_inputs):
    line = "7208510030"  # hot-rolled flat steel
    # claiming USMCA: no IEEPA duty, so Section 232 applies at 50% (Proclamation 10947)
    usmca = quote(enacted_inputs, "CAN", line, D(2025, 6, 5), usmca=True)
    assert usmca["section_232"] == pytest.approx(0.50) and total(usmca) == pytest.approx(0.50)
    # not claiming USMCA: the Canada IEEPA duty (25%) governs, not 232 (EO 14289)
    other = quote(enacted_inputs, "CAN", line, D(2025, 6, 5))
    assert other["ieepa_fentanyl"] == pytest.approx(0.25) and other["section_232"] == 0.0
    # the UK kept 25% (Proclamation 10947)
    assert total(quote(enacted_inputs, "GBR", line, D(2025, 6, 5))) == pytest.approx(0.25)


def test_usmca_compliant_mexican_car(enacted_inputs):
    car = "8703230110"
    # 232 on the non-US content only (60%: 15% of the value); no IEEPA duty on USMCA goods
    rates = quote(enacted_inputs, "MEX", car, D(2025, 5, 1), usmca=True)
    assert total(rates) == pytest.approx(0.25 * us_law.USMCA_VEHICLE_NON_US_CONTENT)
    # a non-compliant car pays 25% under 232, and no IEEPA duty on top (EO 14289)
    rates = quote(enacted_inputs, "MEX", car, D(2025, 5, 1))
    assert rates["section_232"] == pytest.approx(0.25) and rates["ieepa_fentanyl"] == 0.0
    # before the autos proclamation took effect (3 Apr), the IEEPA duty applied
    early = quote(enacted_inputs, "MEX", car, D(2025, 3, 20))
    assert early["ieepa_fentanyl"] == pytest.approx(0.25) and early["section_232"] == 0.0


def test_annex_ii_pharmaceutical_is_exempt_from_reciprocal_duties(enacted_inputs):
    drug = "3004909201"
    assert total(quote(enacted_inputs, "DEU", drug, D(2025, 4, 10))) == 0.0
    assert total(quote(enacted_inputs, "IRL", drug, D(2025, 9, 1))) == 0.0
    # the same line from China still pays the IEEPA duty on China
    assert total(quote(enacted_inputs, "CHN", drug, D(2025, 4, 12))) == pytest.approx(0.20)


def test_brazilian_coffee(enacted_inputs):
    coffee = "0901110025"
    # 7 Aug 2025: 10% reciprocal + 40% (EO 14323)
    assert total(quote(enacted_inputs, "BRA", coffee, D(2025, 8, 7))) == pytest.approx(0.50)
    # farm products exempt from the reciprocal duty from 13 Nov, from the 40% from 20 Nov
    assert total(quote(enacted_inputs, "BRA", coffee, D(2025, 11, 15))) == pytest.approx(0.40)
    assert total(quote(enacted_inputs, "BRA", coffee, D(2025, 11, 21))) == 0.0


def test_brazilian_aircraft_part_after_6_august_2025(enacted_inputs):
    part = "8807300030"  # parts of aeroplanes: on EO 14323's aircraft exemption list
    rates = quote(enacted_inputs, "BRA", part, D(2025, 8, 15))
    assert rates["ieepa_country"] == 0.0 and total(rates) == pytest.approx(0.10)
    # a toy from Brazil pays the 40% on top of the 10% reciprocal duty
    assert total(quote(enacted_inputs, "BRA", "9503000073", D(2025, 8, 15))) == pytest.approx(0.50)


def test_mexican_car_part_with_and_without_a_usmca_claim(enacted_inputs):
    part = "8708295160"  # body parts: Section 232 autos list, from 3 May 2025
    assert total(quote(enacted_inputs, "MEX", part, D(2025, 6, 1), usmca=True)) == 0.0
    unclaimed = quote(enacted_inputs, "MEX", part, D(2025, 6, 1))
    assert unclaimed["section_232"] == pytest.approx(0.25) and total(unclaimed) == pytest.approx(
        0.25
    )
    # before the parts took effect, the unclaimed part paid the Mexico IEEPA duty
    assert total(quote(enacted_inputs, "MEX", part, D(2025, 4, 20))) == pytest.approx(0.25)
    assert quote(enacted_inputs, "MEX", part, D(2025, 4, 20))["ieepa_fentanyl"] == 0.25


def test_chilean_copper_cathode_and_taiwanese_server(enacted_inputs):
    cathode = "7403110000"  # Annex II; refined cathodes are outside the copper 232
    server = "8471500150"  # processing units: the electronics of 11 April
    for day in (D(2025, 4, 10), D(2025, 8, 15), D(2026, 3, 1)):
        assert total(quote(enacted_inputs, "CHL", cathode, day)) == 0.0
        assert total(quote(enacted_inputs, "TWN", server, day)) == 0.0
    # a Taiwanese bicycle (no exemption) pays 20% from 7 Aug 2025
    assert total(quote(enacted_inputs, "TWN", "8712001510", D(2025, 8, 15))) == pytest.approx(0.20)


def test_the_2026_actions_after_section_122(enacted_inputs):
    toy = "9503000073"
    # Section 122's 10% to 23 Jul 2026; then the forced-labour 301: 12.5% for Vietnam,
    # 10% for the named partners (the UK)
    assert total(quote(enacted_inputs, "VNM", toy, D(2026, 7, 23))) == pytest.approx(0.10)
    after = quote(enacted_inputs, "VNM", toy, D(2026, 7, 25))
    assert after["section_122"] == 0.0 and after["section_301"] == pytest.approx(0.125)
    assert total(quote(enacted_inputs, "GBR", toy, D(2026, 7, 25))) == pytest.approx(0.10)
    # Brazil: the 301 of 22 Jul (25%, with Section 122's 10% for two days) and, from 24
    # Jul, the forced-labour 301 on top; its coffee is exempt from both, its aircraft parts
    # from Brazil's (the stand-in list of the forced-labour action does not name them)
    coffee, part = "0901110025", "8807300030"
    assert total(quote(enacted_inputs, "BRA", toy, D(2026, 7, 22))) == pytest.approx(0.35)
    assert total(quote(enacted_inputs, "BRA", toy, D(2026, 7, 25))) == pytest.approx(0.375)
    assert quote(enacted_inputs, "BRA", part, D(2026, 7, 25))["section_301"] == 0.125
    assert quote(enacted_inputs, "BRA", coffee, D(2026, 7, 25))["section_301"] == 0.0
    # USMCA goods escape the forced-labour 301; Section 338 hits Canada's listed goods
    assert total(quote(enacted_inputs, "MEX", toy, D(2026, 8, 1), usmca=True)) == 0.0
    assert quote(enacted_inputs, "MEX", toy, D(2026, 8, 1))["section_301"] == pytest.approx(0.10)
    honey = "0409000035"  # on the Section 338 'autos' list (natural honey, 0409.00.00)
    before = quote(enacted_inputs, "CAN", honey, D(2026, 8, 18), usmca=True)
    on = quote(enacted_inputs, "CAN", honey, D(2026, 8, 19), usmca=True)
    assert before["section_338"] == 0.0 and on["section_338"] == pytest.approx(0.50)


def test_reciprocal_rates_by_date(enacted_inputs):
    shirt = "6109100012"  # cotton T-shirts
    assert total(quote(enacted_inputs, "VNM", shirt, D(2025, 4, 8))) == pytest.approx(0.10)
    assert total(quote(enacted_inputs, "VNM", shirt, D(2025, 4, 9))) == pytest.approx(0.46)
    assert total(quote(enacted_inputs, "VNM", shirt, D(2025, 4, 10))) == pytest.approx(0.10)
    assert total(quote(enacted_inputs, "VNM", shirt, D(2025, 8, 7))) == pytest.approx(0.20)
    india = [
        total(quote(enacted_inputs, "IND", shirt, D(y, m, d)))
        for y, m, d in ((2025, 8, 7), (2025, 8, 27), (2026, 2, 10))
    ]
    assert india == pytest.approx([0.25, 0.50, 0.18])


def test_deals_with_a_15_percent_floor(enacted_inputs):
    w, lines = enacted_inputs.weights, enacted_inputs.lines
    shirt_line, car_line = "6109100012", "8703230110"
    shirt = quote(enacted_inputs, "JPN", shirt_line, D(2025, 8, 15))
    # all-in 15%: MFN + reciprocal = max(MFN, 15%) with the line's 2024 duty rate
    mfn = w.mfn_by_line[w.index("JPN"), lines.index(shirt_line)]
    assert mfn > 0.10 and shirt["ieepa_reciprocal"] == pytest.approx(max(0.15 - mfn, 0.0))
    eu_car = quote(enacted_inputs, "DEU", car_line, D(2025, 8, 15))
    mfn = w.mfn_by_line[w.index("DEU"), lines.index(car_line)]
    assert mfn == pytest.approx(0.025, abs=0.002)  # the EU's cars: 2.5% MFN
    assert eu_car["section_232"] == pytest.approx(0.15 - mfn)


def test_metals_annexes_from_april_2026(enacted_inputs):
    line = "7208510030"  # Annex I-A: 50%, UK 25%
    assert total(quote(enacted_inputs, "KOR", line, D(2026, 4, 10))) == pytest.approx(0.50)
    assert total(quote(enacted_inputs, "GBR", line, D(2026, 4, 10))) == pytest.approx(0.25)


def test_bad_input_is_one_line(enacted_inputs):
    with pytest.raises(DataError, match="unknown partner 'XXX'"):
        quote(enacted_inputs, "XXX", "8517130000", D(2025, 5, 1))
    with pytest.raises(DataError, match="outside the enacted schedule"):
        quote(enacted_inputs, "CHN", "8517130000", D(2024, 12, 31))
    with pytest.raises(DataError, match="outside the enacted schedule"):
        quote(enacted_inputs, "CHN", "8517130000", D(2026, 12, 7))
    with pytest.raises(DataError, match="unknown HTS product line '8517139999'"):
        quote(enacted_inputs, "CHN", "8517139999", D(2025, 5, 1))
    with pytest.raises(DataError, match="10-digit"):
        quote(enacted_inputs, "CHN", "8517", D(2025, 5, 1))
    assert not enacted_inputs.weights.own_lines("DEU")  # the EU's lines, split by chapter
    assert enacted_inputs.weights.own_lines("CHL")
    with pytest.raises(DataError, match="unknown partner 'XXX'"):
        enacted_inputs.weights.own_lines("XXX")


def test_tariffs_command_quotes_a_product_line(enacted_inputs):
    from typer.testing import CliRunner

    from tradewar.cli import app

    runner = CliRunner()
    args = ["tariffs", "--partner", "CAN", "--date", "2025-06-05", "--product", "7208510030"]
    result = runner.invoke(app, [*args, "--usmca", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = dict(line.split(",") for line in result.output.strip().splitlines()[1:])
    assert float(rows["section_232"]) == pytest.approx(50.0)
    result = runner.invoke(
        app, ["tariffs", "--partner", "CHN", "--date", "2025-06-05", "--product", "72085100"]
    )
    assert result.exit_code == 2 and "10-digit" in " ".join(result.output.split())


def test_aircraft_deals_of_the_uk_and_the_eu(enacted_inputs):
    jet_engine = "8411114000"  # turbojets, civil aircraft (General Note 6)
    assert total(quote(enacted_inputs, "GBR", jet_engine, D(2025, 6, 29))) == pytest.approx(0.10)
    assert total(quote(enacted_inputs, "GBR", jet_engine, D(2025, 7, 1))) == 0.0
    assert total(quote(enacted_inputs, "FRA", jet_engine, D(2025, 8, 15))) > 0.10  # 15% all-in
    assert total(quote(enacted_inputs, "FRA", jet_engine, D(2025, 9, 2))) == 0.0
    # no such deal for Japan: the 15% all-in floor applies
    assert total(quote(enacted_inputs, "JPN", jet_engine, D(2025, 9, 2))) > 0.10


def test_indian_smartphone_and_pepper_under_the_russian_oil_add_on(enacted_inputs):
    # EO 14329's 25% (27 Aug 2025 - 6 Feb 2026) spares what the reciprocal duty spares:
    # the electronics (USD 6.8 bn of smartphones in 2024) and, from 13 Nov 2025, Annex II
    # as amended with the farm products (ground pepper, 0904.12); shrimp stays dutiable
    phone, pepper, shrimp = "8517130000", "0904120000", "0306170041"
    assert total(quote(enacted_inputs, "IND", phone, D(2025, 9, 1))) == 0.0
    rates = quote(enacted_inputs, "IND", pepper, D(2025, 9, 1))
    assert rates["ieepa_reciprocal"] == 0.25 and rates["ieepa_country"] == 0.25
    assert total(quote(enacted_inputs, "IND", pepper, D(2025, 11, 20))) == 0.0
    assert total(quote(enacted_inputs, "IND", shrimp, D(2025, 11, 20))) == pytest.approx(0.50)


def test_cafta_dr_textiles_escape_the_forced_labour_duty(enacted_inputs):
    shirt, toy = "6109100012", "9503000073"  # cotton T-shirts, chapter 61
    assert quote(enacted_inputs, "HND", shirt, D(2026, 8, 1))["section_301"] == 0.0
    assert quote(enacted_inputs, "HND", toy, D(2026, 8, 1))["section_301"] == pytest.approx(0.10)
    # the carve-out is CAFTA-DR's: a Bangladeshi T-shirt pays the 10% rate
    assert quote(enacted_inputs, "BGD", shirt, D(2026, 8, 1))["section_301"] == pytest.approx(0.10)


def test_the_tracker_dating_moves_only_the_days(enacted_inputs):
    from dataclasses import replace

    tracker = replace(enacted_inputs, dating=us_law.TRACKER_DATING)
    phone = "8517130000"
    # China's fentanyl cut: 10 Nov 2025 in the order, 1 Nov on the tracker's dating
    assert total(quote(enacted_inputs, "CHN", phone, D(2025, 11, 5))) == pytest.approx(0.20)
    assert total(quote(tracker, "CHN", phone, D(2025, 11, 5))) == pytest.approx(0.10)
    # the IEEPA duties end on the ruling day there; the rates either side agree
    assert total(quote(tracker, "CHN", phone, D(2026, 2, 21))) == 0.0
    assert total(quote(enacted_inputs, "CHN", phone, D(2026, 2, 21))) == pytest.approx(0.10)
    for day in (D(2025, 6, 1), D(2025, 12, 1), D(2026, 3, 1)):
        assert quote(tracker, "CHN", phone, day) == quote(enacted_inputs, "CHN", phone, day)
