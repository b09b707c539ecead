"""Rebuild the map outlines that ship with salesdash (`salesdash/charts/outlines/`).

The Market page draws its maps from these files, so that it needs no network at all. Both sources are Debian
packages (docs/figures.md, "Maps"; `salesdash/charts/outlines/SOURCE.md`):

- world countries: Natural Earth 1:110m admin-0 countries, as packaged in `r-cran-rnaturalearthdata`
  (CC0; Natural Earth is public domain), file `rnaturalearthdata/data/Rdata.rdb`, object `countries110`;
- China's provincial-level divisions: DCW-GMT 2.1.1 (LGPL-3+), package `gmt-dcw`, file `dcw-gmt.nc`.

Run (the two readers are needed only here, not by salesdash):

    cd /tmp && apt-get download gmt-dcw r-cran-rnaturalearthdata
    dpkg-deb -x gmt-dcw_*.deb src && dpkg-deb -x r-cran-rnaturalearthdata_*.deb src
    pip install --target /tmp/readers h5py rdata
    PYTHONPATH=/tmp/readers python scripts/build_outlines.py \
        --dcw /tmp/src/usr/share/gmt-dcw/dcw-gmt.nc \
        --naturalearth /tmp/src/usr/lib/R/site-library/rnaturalearthdata/data/Rdata

Rings are simplified (Douglas-Peucker), tiny islands dropped, coordinates rounded, and exterior rings wound
clockwise, as d3-geo (which draws Plotly's geo maps) expects.
"""

from __future__ import annotations

import argparse
import itertools
import json
import lzma
import sys
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "salesdash" / "charts" / "outlines"

# DCW-GMT state codes of China (dcw-states.txt) → the keys of salesdash.charts.places.PROVINCES.
DCW_PROVINCES = {
    "AH": "anhui", "BJ": "beijing", "CQ": "chongqing", "FJ": "fujian", "GD": "guangdong", "GS": "gansu",
    "GX": "guangxi", "GZ": "guizhou", "HA": "henan", "HB": "hubei", "HE": "hebei", "HI": "hainan",
    "HK": "hong kong", "HL": "heilongjiang", "HN": "hunan", "JL": "jilin", "JS": "jiangsu", "JX": "jiangxi",
    "LN": "liaoning", "MO": "macau", "NM": "inner mongolia", "NX": "ningxia", "QH": "qinghai", "SC": "sichuan",
    "SD": "shandong", "SH": "shanghai", "SN": "shaanxi", "SX": "shanxi", "TJ": "tianjin", "TW": "taiwan",
    "XJ": "xinjiang", "XZ": "tibet", "YN": "yunnan", "ZJ": "zhejiang",
}  # fmt: skip


def simplify(ring: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas-Peucker: the ring's points that stay within `tolerance` degrees of the original line."""
    keep = np.zeros(len(ring), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        start, end = ring[first], ring[last]
        segment = end - start
        points = ring[first + 1 : last] - start
        length = float(np.hypot(*segment))
        if length == 0:
            distance = np.hypot(points[:, 0], points[:, 1])
        else:
            distance = np.abs(segment[0] * points[:, 1] - segment[1] * points[:, 0]) / length
        farthest = int(np.argmax(distance))
        if distance[farthest] > tolerance:
            middle = first + 1 + farthest
            keep[middle] = True
            stack += [(first, middle), (middle, last)]
    return ring[keep]


def signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2


def clean_ring(ring: np.ndarray, tolerance: float, min_area: float, hole: bool, digits: int) -> list | None:
    """The ring simplified, rounded and wound for d3 (exterior clockwise, holes anticlockwise), or None when
    too small to see."""
    if abs(signed_area(ring)) < min_area:
        return None
    if not np.array_equal(ring[0], ring[-1]):
        ring = np.vstack([ring, ring[:1]])
    ring = np.round(simplify(ring, tolerance), digits)
    ring = ring[np.r_[True, np.any(np.diff(ring, axis=0) != 0, axis=1)]]
    if len(ring) < 4:
        return None
    if (signed_area(ring) > 0) != hole:  # a positive area is anticlockwise
        ring = ring[::-1]
    return ring.tolist()


def geometry(polygons: list[list[list]]) -> dict[str, Any]:
    return {"type": "MultiPolygon", "coordinates": polygons}


def dcw_rings(dataset: Any, code: str) -> list[tuple[np.ndarray, bool]]:
    """DCW-GMT stores a region's points as 16-bit offsets from its bounding box; a lon of 65535 starts a new
    ring, whose lat is 1 for a hole."""
    lon_var, lat_var = dataset[f"{code}_lon"], dataset[f"{code}_lat"]
    lon_raw, lat_raw = lon_var[:].astype(np.int64), lat_var[:].astype(np.int64)
    lon = lon_var.attrs["min"][0] + lon_raw / lon_var.attrs["scale"][0]
    lat = lat_var.attrs["min"][0] + lat_raw / lat_var.attrs["scale"][0]
    starts = [*list(np.flatnonzero(lon_raw == 65535)), len(lon_raw)]
    return [
        (np.column_stack([lon[a + 1 : b], lat[a + 1 : b]]), bool(lat_raw[a] == 1))
        for a, b in itertools.pairwise(starts)
        if b - a > 3
    ]


def china_provinces(dcw: Path) -> dict[str, Any]:
    import h5py  # type: ignore[import-not-found]

    features = []
    with h5py.File(dcw, "r") as dataset:
        for code, key in DCW_PROVINCES.items():
            outers: list[list] = []
            for ring, hole in dcw_rings(dataset, f"CN{code}"):
                cleaned = clean_ring(ring, 0.02, 0.0004, hole, 3)
                if cleaned is None:
                    continue
                if hole and outers:
                    outers[-1].append(cleaned)
                elif not hole:
                    outers.append([cleaned])
            features.append({"type": "Feature", "properties": {"key": key}, "geometry": geometry(outers)})
    return {"type": "FeatureCollection", "features": features}


def r_object(rdata_base: Path, name: str) -> Any:
    """One object of an R package's lazy-load database (`.rdx` index, `.rdb` records of 4-byte length,
    a compression letter, then R's raw-LZMA2 serialisation for 'Z')."""
    import rdata  # type: ignore[import-not-found]
    from rdata.parser import parse_data  # type: ignore[import-not-found]

    index = rdata.conversion.convert(parse_data(rdata_base.with_suffix(".rdx").read_bytes(), expand_altrep=False))
    offset, length = (int(v) for v in index["variables"][name])
    record = rdata_base.with_suffix(".rdb").read_bytes()[offset : offset + length]
    if record[4:5] != b"Z":
        raise SystemExit(f"{rdata_base}.rdb: object {name} is not LZMA-compressed")
    filters = [{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME}]
    raw = lzma.decompress(record[5:], format=lzma.FORMAT_RAW, filters=filters)
    return rdata.conversion.convert(parse_data(raw, expand_altrep=False))


def world_countries(naturalearth: Path) -> dict[str, Any]:
    """Natural Earth's 1:50m countries (small ones such as Singapore are missing at 1:110m), Antarctica left
    out; each keeps its largest ring however small, other islands from 0.01 square degrees."""
    countries = r_object(naturalearth, "countries50")
    table = countries.data
    features = []
    for row, shape in zip(table.itertuples(), countries.polygons, strict=True):
        if row.adm0_a3 == "ATA":
            continue
        largest = max(abs(signed_area(np.asarray(p.coords, dtype=float))) for p in shape.Polygons)
        outers: list[list] = []
        for polygon in shape.Polygons:
            coords = np.asarray(polygon.coords, dtype=float)
            floor = 0.0 if abs(signed_area(coords)) >= largest else 0.01
            cleaned = clean_ring(coords, 0.05, floor, bool(polygon.hole), 2)
            if cleaned is None:
                continue
            if polygon.hole and outers:
                outers[-1].append(cleaned)
            elif not polygon.hole:
                outers.append([cleaned])
        if not outers:
            continue
        code = row.iso_a3 if _text(row.iso_a3) and len(row.iso_a3) == 3 else row.adm0_a3
        # Natural Earth's spellings, for matching the names in uploaded files (salesdash.charts.places).
        names = sorted({str(n) for n in (row.name, row.name_long, row.admin, row.formal_en, row.brk_name) if _text(n)})
        alpha2 = str(row.iso_a2) if _text(row.iso_a2) else None  # none for Kosovo, Somaliland, N. Cyprus…
        properties = {"iso_a3": str(code), "iso_a2": alpha2, "names": names}
        features.append({"type": "Feature", "properties": properties, "geometry": geometry(outers)})
    return {"type": "FeatureCollection", "features": features}


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip()) and value != "-99"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dcw", type=Path, required=True, help="dcw-gmt.nc from Debian's gmt-dcw")
    parser.add_argument("--naturalearth", type=Path, required=True, help="rnaturalearthdata/data/Rdata")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, collection in (
        ("china_provinces.geojson", china_provinces(args.dcw)),
        ("world_countries.geojson", world_countries(args.naturalearth)),
    ):
        path = OUT / name
        path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"{path}: {len(collection['features'])} regions, {path.stat().st_size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
