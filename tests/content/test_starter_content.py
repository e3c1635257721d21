"""Checks that tie the starter content's prose to its data.

The company files must balance, and every derived figure a lesson quotes is recomputed here from the
company YAML (or from the lesson's own illustrative inputs) and must appear in the lesson exactly as
formatted. If a source figure is corrected, these tests say which sentences need rewriting.

Plain functions, no Django: run with `pytest tests/content -p no:django`.
"""

from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
TRACK = CONTENT / "balance-sheet"
COMPANIES = CONTENT / "companies"

LESSON_FILES = {
    "accounting-equation": "01-accounting-equation.md",
    "liquidity-ratios": "02-liquidity-ratios.md",
    "solvency-and-coverage": "03-solvency-and-coverage.md",
    "profitability-dupont": "04-profitability-dupont.md",
    "goodwill-leases-deferred-taxes": "05-goodwill-leases-deferred-taxes.md",
    "bank-balance-sheets": "06-bank-balance-sheets.md",
}
LESSON_KEYS = {
    "title",
    "slug",
    "track",
    "order",
    "minutes",
    "summary",
    "outcomes",
    "prerequisites",
    "sources",
    "as_of",
}
# Figures a lesson quotes from a filing's notes rather than its statements (so not in content/companies):
APPLE_LEASE_LIABILITIES_FY2023 = 12842  # Apple FY2023 10-K, lease note: operating + finance lease liabilities
APPLE_RESTRICTED_SECURITIES_FY2023 = 13800  # Apple FY2023 10-K, financial instruments note: "13.8 billion"
JPM_NONINTEREST_REVENUE_2023 = 68837  # JPMorgan 2023 10-K, consolidated statements of income
JPM_TOTAL_NET_REVENUE_2023 = 158104  # same statement: net interest income + noninterest revenue
JPM_NET_INTEREST_INCOME_2023 = 89267
# component section -> (subtotal it feeds, subtotal carried in from the section before)
SECTION_TOTALS = {
    "current_assets": ("total_current_assets", None),
    "non_current_assets": ("total_assets", "total_current_assets"),
    "current_liabilities": ("total_current_liabilities", None),
    "non_current_liabilities": ("total_liabilities", "total_current_liabilities"),
    "equity": ("total_equity", None),
}


# --- helpers ------------------------------------------------------------------------------------


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def company(name: str) -> dict:
    return load_yaml(COMPANIES / f"{name}.yaml")


def statement(name: str, label: str) -> dict:
    (found,) = [s for s in company(name)["statements"] if s["label"] == label]
    return found


def split_lesson(slug: str) -> tuple[dict, str]:
    text = (TRACK / LESSON_FILES[slug]).read_text(encoding="utf-8")
    _, front, body = text.split("---", 2)
    return yaml.safe_load(front), body


def lesson_body(slug: str) -> str:
    return split_lesson(slug)[1]


def money(x: float) -> str:
    """29,965-style integer with a typographic minus, as the lessons print negatives."""
    return f"{x:,.0f}".replace("-", "−")


def dec(x: float, places: int) -> str:
    return f"{x:.{places}f}".replace("-", "−")


def pct(x: float, places: int) -> str:
    return f"{x * 100:.{places}f}%".replace("-", "−")


def latex_pct(x: float) -> str:
    """A whole-number percentage as written inside LaTeX math, where % must be escaped."""
    return f"{x:.0%}".replace("%", "\\%")


def assert_quoted(text: str, *figures: str) -> None:
    missing = [f for f in figures if f not in text]
    assert not missing, f"figures not found in lesson text: {missing}"


def apple(label: str) -> tuple[dict, dict, dict]:
    s = statement("apple", label)
    return s["balance_sheet"], s["income_statement"], s.get("cash_flow", {})


def apple_debt(bs: dict) -> int:
    return (
        bs["current_liabilities"]["commercial_paper"]
        + bs["current_liabilities"]["term_debt_current"]
        + bs["non_current_liabilities"]["term_debt_non_current"]
    )


# --- data files ----------------------------------------------------------------------------------


def test_it_balances_every_company_statement():
    files = sorted(COMPANIES.glob("*.yaml"))
    assert [f.name for f in files] == ["apple.yaml", "jpmorgan.yaml", "snowflake.yaml"]
    for path in files:
        data = load_yaml(path)
        assert data["units"] == "millions" and data["currency"] == "USD", path
        for st in data["statements"]:
            where = f"{path.name} {st['label']}"
            bs = st["balance_sheet"]
            for section, (total_key, carried) in SECTION_TOTALS.items():
                if section not in bs:
                    continue
                expected = sum(bs[section].values()) + (bs[carried] if carried else 0)
                assert expected == bs[total_key], f"{where}: {section} does not add up to {total_key}"
            assert bs["total_assets"] == bs["total_liabilities"] + bs["total_equity"], where
            assert bs["total_liabilities_and_equity"] == bs["total_assets"], where
            assert st["source"]["title"] and st["source"]["url"].startswith("https://"), where


def test_it_has_full_component_sections_for_apple():
    for label in ("FY2023", "FY2022"):
        bs, _, _ = apple(label)
        assert set(SECTION_TOTALS) <= set(bs), label
        assert "commercial_paper" in bs["current_liabilities"]
        assert "term_debt_current" in bs["current_liabilities"]
        assert "term_debt_non_current" in bs["non_current_liabilities"]


def test_it_keeps_snowflake_totals_as_filed_with_the_minority_interest_gap_explained():
    # SEC company facts, USD thousands (../shared/docs/data-sources.md): assets, liabilities, stockholders'
    # equity (attributable to Snowflake), current assets, current liabilities.
    filed = {
        "FY2023": (7_722_322, 2_253_707, 5_456_436, 4_984_690, 1_993_517),
        "FY2024": (8_223_383, 3_032_789, 5_180_308, 5_039_264, 2_731_230),
        "FY2025": (9_033_938, 6_027_295, 2_999_929, 5_869_372, 3_301_183),
    }
    for label, (assets, liabilities, equity, current_assets, current_liabilities) in filed.items():
        bs = statement("snowflake", label)["balance_sheet"]
        lines = bs["selected_lines"]
        assert round(bs["total_assets"] * 1000) == assets, label
        assert round(bs["total_liabilities"] * 1000) == liabilities, label
        assert round(lines["stockholders_equity_attributable_to_snowflake"] * 1000) == equity, label
        assert round(bs["total_current_assets"] * 1000) == current_assets, label
        assert round(bs["total_current_liabilities"] * 1000) == current_liabilities, label
        gap = assets - liabilities - equity  # the noncontrolling interests, in thousands
        assert round(lines["noncontrolling_interests_derived"] * 1000) == gap, label
        assert 0 < gap < 0.01 * equity, label  # small: a minority stake in one subsidiary
        assert round(bs["total_equity"] * 1000) == equity + gap, label


def test_it_keeps_jpmorgan_selected_lines_consistent():
    lines = statement("jpmorgan", "FY2023")["balance_sheet"]["selected_lines"]
    assert lines["loans"] - lines["allowance_for_loan_losses"] == lines["loans_net_of_allowance"]


# --- glossary and front matter --------------------------------------------------------------------


def glossary() -> list[dict]:
    return load_yaml(CONTENT / "glossary.yaml")


def glossary_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for entry in glossary():
        for name in [entry["term"], *entry.get("aliases", [])]:
            key = name.lower()
            assert key not in names, f"glossary name used twice: {name!r}"
            names[key] = entry["slug"]
    return names


def test_it_keeps_glossary_slugs_and_names_unique():
    entries = glossary()
    assert len(entries) >= 45
    slugs = [e["slug"] for e in entries]
    assert len(slugs) == len(set(slugs))
    for entry in entries:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry["slug"]), entry["slug"]
        assert entry["definition"].strip() and entry["engineer"].strip(), entry["slug"]
        assert "$" not in entry["definition"] + entry["engineer"], entry["slug"]
        for other in entry.get("see_also", []):
            assert other in slugs, f"{entry['slug']}: unknown see_also {other}"
    glossary_names()  # raises on a duplicate term or alias
    for required in ("current-ratio", "quick-ratio", "cash-ratio", "working-capital", "form-10-k"):
        assert required in slugs


def test_it_resolves_every_glossary_reference_in_lessons():
    names = glossary_names()
    for slug in LESSON_FILES:
        body = re.sub(r"```.*?```", "", lesson_body(slug), flags=re.S)
        for ref in re.findall(r"\[\[([^\]]+)\]\]", body):
            assert ref.split("|")[0].strip().lower() in names, f"{slug}: unknown glossary term {ref!r}"


def test_it_gives_every_lesson_valid_front_matter():
    seen_ids: set[str] = set()
    for number, (slug, filename) in enumerate(LESSON_FILES.items(), start=1):
        front, body = split_lesson(slug)
        assert set(front) == LESSON_KEYS, filename
        assert front["slug"] == slug and front["track"] == "balance-sheet" and front["order"] == number
        assert isinstance(front["as_of"], date)
        for outcome in front["outcomes"]:
            assert re.fullmatch(rf"A{number}\.\d+", outcome["id"]), outcome["id"]
            assert outcome["id"] not in seen_ids
            seen_ids.add(outcome["id"])
        assert all(p in LESSON_FILES for p in front["prerequisites"]), filename
        assert all(s["title"] for s in front["sources"]), filename
        words = len(body.split())
        assert 1200 <= words <= 2500, f"{filename}: {words} words"
        prose = re.sub(r"```.*?```", "", body, flags=re.S)
        assert not re.search(r"^# ", prose, flags=re.M), f"{filename}: headings start at ##"
        for target in re.findall(r"\(lesson:([a-z0-9-]+)", body):
            assert target in LESSON_FILES, f"{filename}: link to unknown lesson {target}"


def test_it_uses_dollar_signs_only_for_math():
    for slug in LESSON_FILES:
        body = re.sub(r"```.*?```", "", lesson_body(slug), flags=re.S)
        body = re.sub(r"\$\$.+?\$\$", "", body, flags=re.S).replace("\\$", "")
        for line in body.splitlines():
            assert line.count("$") % 2 == 0, f"{slug}: unbalanced $ in {line!r}"
            assert not re.search(r"\$\d", line), f"{slug}: money written with a dollar sign: {line!r}"


# --- lesson figures ------------------------------------------------------------------------------


def test_it_quotes_lesson_1_figures_from_the_data():
    text = lesson_body("accounting-equation")
    for label in ("FY2023", "FY2022"):
        bs, _, _ = apple(label)
        equity = bs["total_assets"] - bs["total_liabilities"]
        assert equity == bs["total_equity"]
        assert_quoted(
            text, f"{money(bs['total_assets'])} − {money(bs['total_liabilities'])} = {money(equity)}"
        )
    bs, _, _ = apple("FY2023")
    assert_quoted(
        text,
        money(sum(bs["current_assets"].values())),
        pct(bs["total_equity"] / bs["total_assets"], 1),
        f"{bs['total_assets']} {bs['total_liabilities']} {bs['total_equity']}",  # code comment
    )
    cl = bs["current_liabilities"]
    assert (
        cl["other_current_liabilities"]
        > cl["deferred_revenue"] + cl["commercial_paper"] + cl["term_debt_current"]
    )
    weeks = (date(2023, 9, 30) - date(2022, 9, 24)).days / 7
    assert weeks == 53 and date(2023, 9, 30).weekday() == date(2022, 9, 24).weekday() == 5  # Saturdays
    assert_quoted(text, "ran 53 weeks")
    # the transaction table: (assets, liabilities, equity) after each step
    steps = [(100, 0, 100), (50, 50, 0), (0, 0, 0), (15, 0, 15), (10, 10, 0), (-5, 0, -5)]
    a = l_ = e = 0
    for da, dl, de in steps:
        a, l_, e = a + da, l_ + dl, e + de
        assert a == l_ + e
        assert_quoted(text, f"| {a} | {l_} | {e} |")
    assert_quoted(text, f"{a} = {l_} + {e}")
    cash = bs["current_assets"]["cash_and_cash_equivalents"]
    assert_quoted(text, f"{money(cash)} therefore means", f"USD {cash / 1000:.3f} billion")


def test_it_quotes_lesson_2_figures_from_the_data():
    text = lesson_body("liquidity-ratios")
    figures = {}
    for label in ("FY2023", "FY2022"):
        bs, _, _ = apple(label)
        ca, cl = bs["current_assets"], bs["total_current_liabilities"]
        cash = ca["cash_and_cash_equivalents"] + ca["marketable_securities_current"]
        quick = cash + ca["accounts_receivable_net"]
        broad = quick + ca["vendor_non_trade_receivables"]
        figures[label] = {
            "wc": bs["total_current_assets"] - cl,
            "current": bs["total_current_assets"] / cl,
            "quick": quick / cl,
            "broad": broad / cl,
            "cash": cash / cl,
        }
        assert_quoted(
            text,
            money(figures[label]["wc"]),
            dec(figures[label]["current"], 3),
            dec(figures[label]["quick"], 3),
            dec(figures[label]["broad"], 3),
            dec(figures[label]["cash"], 3),
            money(cash),
        )
        f = figures[label]  # the printed pandas frame in the code block
        row = f"{f['wc']}    {f['current']:.3f}  {f['quick']:.3f}        {f['broad']:.3f}  {f['cash']:.3f}"
        assert_quoted(text, f"# {label}  ", row)
    bs, _, cf = apple("FY2023")
    ca, cl = bs["current_assets"], bs["total_current_liabilities"]
    quick = (
        ca["cash_and_cash_equivalents"] + ca["marketable_securities_current"] + ca["accounts_receivable_net"]
    )
    all_securities = (
        ca["cash_and_cash_equivalents"]
        + ca["marketable_securities_current"]
        + bs["non_current_assets"]["marketable_securities_non_current"]
    )
    assert_quoted(
        text,
        money(quick),
        money(quick + ca["vendor_non_trade_receivables"]),
        pct(cf["operating_cash_flow"] / cl, 1),
        f"USD {cf['operating_cash_flow'] / 1000:.1f} billion",
        money(all_securities),
        dec(all_securities / cl, 2),
    )
    usable = all_securities - APPLE_RESTRICTED_SECURITIES_FY2023
    assert_quoted(text, "USD 13.8 billion", f"about {usable / cl:.2f} times")
    # Company X, the lesson's illustrative inputs
    cash_x, receivables_x, inventory_x, other_x, cl_x = 70, 120, 80, 30, 200
    ca_x = cash_x + receivables_x + inventory_x + other_x
    assert ca_x == 300
    assert_quoted(
        text,
        f"{ca_x} ÷ {cl_x} = {ca_x / cl_x:.2f}",
        f"= {(cash_x + receivables_x) / cl_x:.2f}",
        f"= {(cash_x + receivables_x + inventory_x) / cl_x:.2f}",
    )
    # window dressing: paying 50 of payables with cash moves a ratio away from 1, in either direction
    paid = 50
    assert_quoted(
        text,
        f"{ca_x} ÷ {cl_x} = {ca_x / cl_x:.2f}\n      becomes {ca_x - paid} ÷ {cl_x - paid} = "
        f"{(ca_x - paid) / (cl_x - paid):.2f}",
    )
    ca, cl = bs["total_current_assets"], bs["total_current_liabilities"]
    assert (ca - paid) / (cl - paid) < ca / cl < 1
    assert_quoted(text, f"at Apple's {ca / cl:.3f}, it would fall")


def test_it_quotes_lesson_3_figures_from_the_data():
    text = lesson_body("solvency-and-coverage")
    for label, places_de in (("FY2023", 2), ("FY2022", 2)):
        bs, _, _ = apple(label)
        debt, equity, assets = apple_debt(bs), bs["total_equity"], bs["total_assets"]
        em = assets / equity
        assert math.isclose(em, 1 + bs["total_liabilities"] / equity)
        assert_quoted(
            text,
            money(debt),
            dec(debt / equity, places_de),
            dec(debt / (debt + equity), 3),
            dec(debt / assets, 3),
            dec(em, 2),
            dec(bs["total_liabilities"] / equity, 2),
        )
    bs, inc, _ = apple("FY2023")
    debt, equity = apple_debt(bs), bs["total_equity"]
    assert_quoted(text, f"{money(debt)} ÷ {money(debt + equity)} = {debt / (debt + equity):.3f}")
    bs22, _, _ = apple("FY2022")
    assert round((apple_debt(bs22) - debt) / 1000) == 9  # "down by about USD 9 billion"
    assert_quoted(text, "about USD 9 billion")
    liquid = (
        bs["current_assets"]["cash_and_cash_equivalents"]
        + bs["current_assets"]["marketable_securities_current"]
        + bs["non_current_assets"]["marketable_securities_non_current"]
    )
    assert_quoted(text, money(liquid), f"{money(liquid)} − {money(debt)} = {money(liquid - debt)}")
    coverage = inc["operating_income"] / inc["interest_expense"]
    assert_quoted(text, f"= **{coverage:.2f} times**")
    assert 1 - 1 / coverage > 0.96
    assert_quoted(text, "more than 96%")
    # illustrative company
    d, e, ebit, interest = 450, 300, 90, 30
    adjusted = debt + APPLE_LEASE_LIABILITIES_FY2023
    assert_quoted(
        text,
        f"lease liabilities of {money(APPLE_LEASE_LIABILITIES_FY2023)}",
        f"from {money(debt)} to {money(adjusted)}",
        f"from {debt / equity:.2f} to {adjusted / equity:.2f}",
        f"net cash of {money(liquid - debt)}",
    )
    coverage_x, floor = 90 / 30, 2.5
    assert_quoted(
        text,
        f"EBIT can fall {1 - floor / coverage_x:.1%} (1 − {floor} ÷ {coverage_x:.1f})",
        f"interest can rise\n   {coverage_x / floor - 1:.0%} ({coverage_x:.1f} ÷ {floor} − 1)",
    )
    assert_quoted(
        text,
        f"{d} ÷ {e} = {d / e:.1f}",
        f"{d} ÷ {d + e} = {d / (d + e):.2f}",
        f"{ebit} ÷ {interest} = {ebit / interest:.1f}",
        f"falls to {ebit * 2 / 3 / interest:.1f} times",
        f"interest rises to {ebit / 2:.0f}",
    )


def test_it_quotes_lesson_4_figures_from_the_data():
    text = lesson_body("profitability-dupont")
    ratios = {}
    for label in ("FY2023", "FY2022"):
        bs, inc, _ = apple(label)
        m = inc["net_income"] / inc["net_sales"]
        t = inc["net_sales"] / bs["total_assets"]
        lev = bs["total_assets"] / bs["total_equity"]
        roe = inc["net_income"] / bs["total_equity"]
        assert math.isclose(m * t * lev, roe)
        ratios[label] = (m, t, lev, roe)
        assert_quoted(text, pct(m, 2), dec(t, 3), dec(lev, 2), pct(roe, 1))
        assert_quoted(text, f"{label}  " + "    ".join(dec(x, 4) for x in (m, t)))
        assert_quoted(text, dec(lev, 4) + "  " + dec(roe, 4))
    bs, inc, _ = apple("FY2023")
    bs22, _, _ = apple("FY2022")
    assert_quoted(text, pct(inc["net_income"] / bs["total_assets"], 1))
    avg_assets = (bs["total_assets"] + bs22["total_assets"]) / 2
    avg_equity = (bs["total_equity"] + bs22["total_equity"]) / 2
    assert_quoted(
        text,
        money(avg_assets),
        money(avg_equity),
        f"{money(inc['net_sales'])} ÷ {money(avg_assets)} = {inc['net_sales'] / avg_assets:.3f}",
        f"{money(avg_assets)} ÷ {money(avg_equity)} = {avg_assets / avg_equity:.2f}",
        f"= **{pct(inc['net_income'] / avg_equity, 1)}**",
    )
    drop_pp = (ratios["FY2022"][3] - ratios["FY2023"][3]) * 100
    assert round(drop_pp) == 41
    assert_quoted(text, "about 41 percentage points")
    logs = [math.log(a / b) for a, b in zip(ratios["FY2023"], ratios["FY2022"], strict=True)]
    assert math.isclose(sum(logs[:3]), logs[3])
    shares = [x / logs[3] for x in logs[:3]]
    assert_quoted(
        text,
        f"about {shares[2]:.0%} of the decline",
        f"turnover for about {shares[1]:.0%}",
        f"margin      {shares[0]:.2f}",
        f"turnover    {shares[1]:.2f}",
        f"leverage    {shares[2]:.2f}",
    )
    # illustrative company and its buyback
    ni, sales, assets, equity = 60, 1200, 1500, 500
    m, t, lev = ni / sales, sales / assets, assets / equity
    assert_quoted(text, f"{latex_pct(m)} \\times {t:.1f} \\times {lev:.1f} = {latex_pct(m * t * lev)}")
    assert_quoted(text, f"ROE doubles to {m * t * lev * 2:.0%}")
    loss_margin = -30 / sales
    assert_quoted(text, pct(loss_margin, 1), pct(loss_margin * t * lev, 0), pct(loss_margin * t * lev * 2, 0))
    assets_after, equity_after = assets - 200, equity - 200
    roe_after = ni / equity_after
    assert math.isclose(m * (sales / assets_after) * (assets_after / equity_after), roe_after)
    assert_quoted(
        text,
        f"{ni} ÷ {equity_after} = {roe_after:.0%}",
        f"{sales / assets_after:.3f} \\times {assets_after / equity_after:.2f} = {latex_pct(roe_after)}",
    )


def test_it_quotes_lesson_5_figures_from_its_inputs():
    text = lesson_body("goodwill-leases-deferred-taxes")
    # goodwill and impairment
    price, identifiable_assets, identifiable_liabilities = 500, 450, 70
    net_assets = identifiable_assets - identifiable_liabilities
    goodwill = price - net_assets
    assert (net_assets, goodwill) == (380, 120)
    assert_quoted(text, f"Goodwill = {price} − {net_assets} = **{goodwill}**")
    carrying, fair_value = 1000, 930
    impairment = min(carrying - fair_value, goodwill)
    assert_quoted(
        text, f"{carrying:,} − {fair_value} = {impairment}", f"goodwill falls to {goodwill - impairment}"
    )
    # lease: 5 payments of 100 in arrears at 6%
    rate, payment, years = 0.06, 100.0, 5
    pv = payment * (1 - (1 + rate) ** -years) / rate
    assert_quoted(text, f"= {pv:.2f}$$", f"{pv:.2f} × 6% = **{pv * rate:.2f}**")
    liability, total_interest = pv, 0.0
    for year in range(1, years + 1):
        interest = liability * rate
        closing = liability + interest - payment
        total_interest += interest
        row = f"| {year} | {liability:.2f} | {interest:.2f} | {payment:.2f} | {abs(closing):.2f} |"
        assert_quoted(text, row)
        # the rounded figures in each row must also add up on their own
        assert math.isclose(
            round(liability, 2) + round(interest, 2) - payment, round(closing, 2), abs_tol=1e-9
        )
        if year == 1:
            assert_quoted(
                text,
                f"{pv:.2f} + {interest:.2f} − 100 = **{closing:.2f}**",
                f"repays\n    {payment - interest:.2f} of principal",
            )
        liability = closing
    assert_quoted(text, f"Total interest over the lease is {total_interest:.2f}")
    depreciation = pv / years
    year1_interest = pv * rate
    year5_interest = (payment / (1 + rate)) * rate  # opening balance in year 5 is one discounted payment
    assert_quoted(
        text,
        f"{pv:.2f} ÷ 5 = {depreciation:.2f}",
        f"{depreciation:.2f} + {year1_interest:.2f} = {depreciation + year1_interest:.2f}",
        f"{depreciation:.2f} + {year5_interest:.2f} = {depreciation + year5_interest:.2f}",
        f"| Right-of-use asset | {pv - depreciation:.2f} | {pv + year1_interest - payment:.2f} |",
    )
    # deferred tax
    cost, book_dep, tax_dep, tax_rate = 800, 200, 300, 0.25
    carrying_amount, tax_base = cost - book_dep, cost - tax_dep
    dtl = (carrying_amount - tax_base) * tax_rate
    assert (carrying_amount, tax_base, dtl) == (600, 500, 25)
    assert_quoted(
        text,
        f"{carrying_amount} − {tax_base} = {carrying_amount - tax_base}",
        f"{carrying_amount - tax_base} × 25% = **{dtl:.0f}**",
    )


def test_it_quotes_lesson_6_figures_from_the_data():
    text = lesson_body("bank-balance-sheets")
    st = statement("jpmorgan", "FY2023")
    bs, lines, reported = st["balance_sheet"], st["balance_sheet"]["selected_lines"], st["reported_ratios"]
    assets, liabilities, equity = bs["total_assets"], bs["total_liabilities"], bs["total_equity"]
    net_income = st["income_statement"]["net_income"]
    loans, allowance, deposits = lines["loans"], lines["allowance_for_loan_losses"], lines["deposits"]
    assert_quoted(
        text,
        f"{money(liabilities)} + {money(equity)} = {money(assets)}",
        money(loans - allowance),
        f"{money(loans)} ÷ {money(deposits)} = **{pct(loans / deposits, 1)}**",
        f"{money(allowance)} ÷ {money(loans)} = **{pct(allowance / loans, 2)}**",
        f"{money(equity)} ÷ {money(assets)} = **{pct(equity / assets, 2)}**",
        f"**{assets / equity:.1f} times**",
        f"Loans are {pct(loans / assets, 1)} of total assets",
        f"Deposits make up {pct(deposits / liabilities, 1)} of total liabilities",
        f"long-term debt {pct(lines['long_term_debt'] / liabilities, 1)}",
        pct(net_income / assets, 2),
        pct(net_income / equity, 1),
        money(equity - lines["common_stockholders_equity"]),
    )
    assert JPM_NONINTEREST_REVENUE_2023 + JPM_NET_INTEREST_INCOME_2023 == JPM_TOTAL_NET_REVENUE_2023
    share = JPM_NONINTEREST_REVENUE_2023 / JPM_TOTAL_NET_REVENUE_2023
    assert round(share * 100) == 44
    assert_quoted(
        text,
        f"noninterest revenue was {money(JPM_NONINTEREST_REVENUE_2023)} of its "
        f"{money(JPM_TOTAL_NET_REVENUE_2023)} total net revenue (USD millions), about 44%",
        f"net interest income {money(JPM_NET_INTEREST_INCOME_2023)}",
        f"({pct(loans / deposits, 1)} for JPMorgan at the\n   end of 2023)",
    )
    securities = lines["trading_assets"] + lines["investment_securities"]
    assert_quoted(text, f"come to {money(securities)}, or {pct(securities / assets, 1)} of assets")
    # Apple's equity multiplier, quoted for comparison
    apple_bs, _, _ = apple("FY2023")
    assert_quoted(text, f"equity multiplier of {apple_bs['total_assets'] / apple_bs['total_equity']:.2f}")
    # the firm's own reported ratios
    assert_quoted(
        text,
        f"CET1 ratio of {reported['cet1_ratio_standardized']:.1f}%",
        f"return on common equity of {reported['return_on_common_equity']}%",
        f"JPMorgan reports {reported['allowance_for_loan_losses_to_retained_loans']:.2f}%",
        f"rounds this to {reported['loans_to_deposits']}%",
        f"{reported['tier1_leverage_ratio']:.1f}% and {reported['supplementary_leverage_ratio']:.1f}%",
    )
    # illustrative bank: risk weights 0%, 50%, 100%
    book = {"cash": (100, 0.0), "mortgages": (400, 0.5), "corporate": (500, 1.0)}
    capital = 70
    total = sum(amount for amount, _ in book.values())
    rwa = sum(amount * weight for amount, weight in book.values())
    assert (total, rwa) == (1000, 700)
    rwa_after = rwa - 200 * 1.0
    assert_quoted(
        text,
        f"RWA falls to {rwa_after:.0f}",
        f"{capital} ÷ {rwa:.0f} = **{pct(capital / rwa, 1)}**",
        f"{capital} ÷ {total:,} = **{pct(capital / total, 1)}**",
        f"rises to **{pct(capital / rwa_after, 1)}**",
    )
