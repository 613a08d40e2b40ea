"""Dataset 0.2.0: the repaired joins, the coverage thresholds, the insurgency era and the
citation rules, pinned on the real data."""
import collections
import datetime as dt
import re
from urllib.parse import urlparse

import pytest

import geo
from geo.control import COVERAGE_END, COVERAGE_START, dated_periods, holding
from tests.conftest import DATA, holding_on

# Hosts found to be pirate mirrors, copies of Wikipedia or junk: a citation never links to them.
BANNED_HOSTS = ("issuhub.com", "yumpu.com", "rulit", "911plus", "freemasonrywatch", "piglix.com",
                "wiki-gateway.eudic.net", "wiki.kidzsearch.com", "en-academic.com", "wikipedia-on-ipfs.org",
                "softbeam.net", "cache.nohib.com", "vinapk.com", "blogspot.com", "edgio.link", "osmarks.net",
                "azureedge.net", "eth.limo", "bibliboba.online", "dmelal.ir", "docslib.org", "scribd.com",
                "article.wn.com", "kainsa.wordpress.com", "country-studies.com", "piglix", "wikiwand")
PLACEHOLDER_URLS = ("https://archive.org/", "http://archive.org/", "https://archive.org")


def test_no_period_boundary_is_a_change_that_did_not_happen(control):
    """A same-holder split (the same factions and statuses on both sides of a boundary) is a
    join artefact: the map would mark a change that never happened."""
    periods = dated_periods(control)
    for code, group in periods.groupby("province_code"):
        own = group.to_dict("records")
        for day in sorted({d for p in own for d in (p["start_date"], p["end_date"])}):
            if COVERAGE_START < day < COVERAGE_END:
                assert holding(day, own) != holding(day - dt.timedelta(days=1), own), f"{code} on {day}"


def test_no_research_window_notes_are_left(control):
    assert not control["note"].str.contains("start of a research window").any()


def test_the_heartland_has_its_holder_at_the_end_of_2001(control, provinces):
    end = dt.date(2001, 12, 31)
    assert holding_on(end, "AF-JOW", control, provinces)[:2] == ("junbish", "stronghold")
    assert holding_on(end, "AF-FYB", control, provinces)[0] == "junbish"
    faction, status, others = holding_on(end, "AF-SAM", control, provinces)
    assert "junbish" in (faction, *others)
    balkh = holding_on(end, "AF-BAL", control, provinces)
    assert "junbish" in (balkh[0], *balkh[2])


@pytest.mark.parametrize("year, codes", [(1992, ["AF-KNR"]), (1997, ["AF-BAM", "AF-BDS", "AF-DAY"])])
def test_window_seams_no_longer_draw_false_changes(control, provinces, year, codes):
    view = geo.territory_for_year(year, control, provinces).set_index("province_code")
    for code in codes:
        assert not view.loc[code, "changed_during_year"], code


def test_kunduz_city_is_contested_by_the_taliban_in_autumn_2015(control, provinces):
    faction, status, others = holding_on(dt.date(2015, 10, 1), "AF-KDZ", control, provinces)
    assert status == "contested" and "taliban" in (faction, *others)


def test_jowzjan_is_contested_in_mid_2021_before_sheberghan_falls(control, provinces, events):
    faction, status, others = holding_on(dt.date(2021, 7, 15), "AF-JOW", control, provinces)
    assert status == "contested" and "taliban" in (faction, *others) and "junbish" in (faction, *others)
    assert holding_on(dt.date(2021, 8, 10), "AF-JOW", control, provinces)[:2] == ("taliban", "control")
    falls = events[(events["province_code"] == "AF-JOW") & events["date"].str.startswith("2021-08")]
    assert "capture" in set(falls["kind"])


def test_the_insurgency_years_differ_from_2005(control, provinces):
    codes = list(provinces["province_code"])
    table = geo.territory_by_year(control, codes, range(2005, 2021)).set_index(["year", "province_code"])
    base = table.loc[2005]
    for year in range(2015, 2021):
        later = table.loc[year]
        differing = ((later["faction"] != base["faction"]) | (later["status"] != base["status"])).sum()
        assert differing >= 10, year
    assert table.loc[(2016, "AF-FYB"), "status"] == "contested"


def test_unknown_province_years_1988_to_2001_are_at_most_40(control, provinces):
    table = geo.territory_by_year(control, list(provinces["province_code"]), range(1988, 2002))
    assert (table["faction"] == "unknown").sum() <= 40


def test_at_least_200_events_every_year_has_one_and_50_after_2001(events):
    per_year = collections.Counter(int(date[:4]) for date in events["date"])
    assert len(events) >= 200
    assert [year for year in range(1988, 2022) if per_year[year] == 0] == []
    assert sum(count for year, count in per_year.items() if year > 2001) >= 50


def test_every_ucdp_dyad_of_junbish_has_dated_clashes(events):
    clashes = events[events["kind"].isin(["battle", "capture"])]
    for rival in ("jamiat", "hezb_islami", "wahdat", "pdpa_government", "taliban", "government"):
        involved = clashes[clashes.apply(
            lambda e: ("junbish" in e["side_a"] and rival in e["side_b"])
            or ("junbish" in e["side_b"] and rival in e["side_a"]), axis=1)]
        assert len(involved) >= 1, rival


def test_no_source_links_to_a_mirror_junk_host_or_placeholder(sources):
    for source_id, url in zip(sources["id"], sources["url"]):
        host = urlparse(url).netloc.lower()
        assert not any(banned in host for banned in BANNED_HOSTS), (source_id, url)
        assert url not in PLACEHOLDER_URLS, source_id


def test_wikipedia_is_at_most_a_tenth_of_the_sources_and_never_alone(sources, control, events):
    wikipedia = {s for s, url in zip(sources["id"], sources["url"]) if re.search(r"wikipedia\.org", url)}
    assert len(wikipedia) <= 0.1 * len(sources)
    for cited in [*control["source_ids"], *events["source_ids"]]:
        assert set(cited) - wikipedia, cited


def test_printed_books_are_cited_without_a_link_to_a_copy(sources):
    books = sources[sources["citation"].str.contains(r"Reaktion Books|Yale University Press|I\.B\. ?Tauris")]
    assert not books.empty
    assert all(url == "" or urlparse(url).netloc.endswith((".edu", ".org", ".gov", "books.google.com"))
               for url in books["url"]), list(books["url"])


def test_every_source_is_cited_and_every_cited_source_exists(sources, control, events):
    from geo.dataset import cited_id, load_table
    tables = [control, events, *(load_table(name) for name in ("province_changes", "story", "districts",
                                                                "district_periods"))]
    cited = {cited_id(item) for table in tables for row in table["source_ids"] for item in row}
    assert cited == set(sources["id"])


def test_the_data_package_has_a_version():
    import json
    version = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))["version"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version) and version >= "0.2.0"


@pytest.mark.parametrize("spelling", ["Mazar-e Sharif", "Mazar-i-Sharif", "Mazar-i Sharif"])
def test_a_place_is_found_in_any_of_its_spellings(events, spelling):
    from geo.events import filter_events
    canonical = set(filter_events(events, text="Mazar-e Sharif")["id"])
    assert len(canonical) >= 20 and set(filter_events(events, text=spelling)["id"]) == canonical
