"""Data: download the dataset, a joined per-year territory GeoJSON, and the offline map."""
import streamlit as st

from geo.control import territory_geojson
from geo.districts import districts_geojson
from geo.package import PACKAGE_FILES, dataset_zip, package_file
from geo.dates import FIRST_YEAR, LAST_YEAR, Moment
from atlas_view.export import EXPORT_FILE, build_static_html
from ui import state as page_state
from ui.cache import atlas_or_error_page, atlas_view
from ui.navigation import use_app_navigation

use_app_navigation()

data = atlas_or_error_page()
moment, province = page_state.shared_moment_and_province()
year = moment.year if moment else None
for notice in page_state.link_notices(("date", "year", "province")):
    st.warning(notice, icon=None)

st.title("Data")
st.markdown("The dataset is a [Frictionless Data Package](https://datapackage.org/): `datapackage.json` describes "
            "every file and column. Tables are CC BY 4.0, boundaries public domain. Methodology, coverage and "
            "how to cite are on the *Sources & method* page.")


@st.cache_data(show_spinner=False)
def file_bytes(name: str, modified: float) -> bytes:
    """A file of the package as a download (see geo.package.package_file)."""
    return package_file(data, name)


@st.cache_data(show_spinner="Building the offline map…", max_entries=8)
def offline_map(data_dir: str, modified: float, start: str, province: str | None, view: tuple | None) -> str:
    return build_static_html(atlas_view(data.data_dir), Moment.parse(start), province, view)


@st.cache_data(show_spinner="Packing the dataset…")
def package_zip(data_dir: str, modified: float) -> bytes:
    return dataset_zip(data)


def modified(name: str) -> float:
    return (data.data_dir / name).stat().st_mtime


st.subheader("Tables and boundaries")
st.caption("The tables that cite sources carry a `sources` column with the full citations, so they travel with "
           "the data; spreadsheet formulas in any cell are neutralised.")
columns = st.columns(3)
for index, (name, label, mime) in enumerate(PACKAGE_FILES):
    columns[index % 3].download_button(f"Download {label}", file_bytes(name, modified(name)), file_name=name,
                                       mime=mime, key=f"download_{name}", width="stretch")
st.download_button("Download the whole dataset (zip, with citation and licence)",
                   package_zip(str(data.data_dir), modified("control_periods.csv")),
                   file_name="junbish-atlas-data.zip", mime="application/zip", key="download_zip", type="primary")

st.subheader("Territory by year (GeoJSON)")
st.caption("The year view joined to the boundaries: holder at the end of the year, status, confidence, sources, "
           "whether it changed during the year.")
choice = st.selectbox("Year", ["All years", *range(FIRST_YEAR, LAST_YEAR + 1)],
                      index=(year - FIRST_YEAR + 1) if year else 0, key="data_year")
chosen_year = None if choice == "All years" else int(choice)
name = f"junbish-territory-{chosen_year or 'all-years'}.geojson"
st.download_button(f"Download {name}", territory_geojson(data.territory, data.provinces, chosen_year),
                   file_name=name, mime="application/geo+json", key="download_territory")

st.subheader("District centres of the north (GeoJSON)")
st.caption("Who held each district centre of Balkh, Jowzjan, Faryab, Sar-e Pol and Samangan at the end of a month "
           "(2015-2021), as points with the holder, status, confidence and sources.")
district_month = st.select_slider("Month", [f"{y}-{m:02d}" for y in range(2015, 2022) for m in range(1, 13)],
                                  value="2021-07", key="data_district_month")
district_day = Moment.parse(district_month).day
st.download_button(f"Download junbish-districts-{district_month}.geojson",
                   districts_geojson(district_day, data.districts, data.district_periods),
                   file_name=f"junbish-districts-{district_month}.geojson", mime="application/geo+json",
                   key="download_districts")

st.subheader("Offline map (one HTML file)")
start = moment or Moment.end_of_year(1992)
st.caption(f"The animated map with its month slider, playback, events and legend in a single file that works "
           f"opened from disk with no internet, for articles and slides. It opens at {start.label} on the map's "
           "current province and view; add `?date=1997-05&province=AF-BAL` to its address to open it elsewhere. Also built by "
           "`make export`.")
st.download_button("Download the offline map", offline_map(str(data.data_dir), modified("control_periods.csv"),
                                                           Moment.at_index(start.index).param, province,
                                                           st.session_state.get("view")),
                   file_name=EXPORT_FILE, mime="text/html", key="download_export")
