"""Which region of the Market maps a place name means: Chinese provincial-level divisions and countries.

A province is placed at its capital city (latitude, longitude in degrees, rounded to 0.1°); the values
and their source are listed in `salesdash/charts/SOURCE.md`. Names match in English or Chinese, with or
without the administrative suffix (广东 / 广东省 / Guangdong / Guangdong Province). Countries match by English or
Chinese name or ISO code, onto the codes of the shipped world outlines (docs/figures.md, "Maps").
"""

from __future__ import annotations

from functools import cache

from babel import Locale

from salesdash.charts.outlines import world_countries

__all__ = ["PROVINCES", "country_code", "country_names", "province_key"]

# key: (English name, Chinese name, latitude, longitude of the capital)
PROVINCES: dict[str, tuple[str, str, float, float]] = {
    "beijing": ("Beijing", "北京", 39.9, 116.4),
    "tianjin": ("Tianjin", "天津", 39.1, 117.2),
    "shanghai": ("Shanghai", "上海", 31.2, 121.5),
    "chongqing": ("Chongqing", "重庆", 29.6, 106.5),
    "hebei": ("Hebei", "河北", 38.0, 114.5),
    "shanxi": ("Shanxi", "山西", 37.9, 112.5),
    "inner mongolia": ("Inner Mongolia", "内蒙古", 40.8, 111.7),
    "liaoning": ("Liaoning", "辽宁", 41.8, 123.4),
    "jilin": ("Jilin", "吉林", 43.9, 125.3),
    "heilongjiang": ("Heilongjiang", "黑龙江", 45.8, 126.5),
    "jiangsu": ("Jiangsu", "江苏", 32.1, 118.8),
    "zhejiang": ("Zhejiang", "浙江", 30.3, 120.2),
    "anhui": ("Anhui", "安徽", 31.8, 117.2),
    "fujian": ("Fujian", "福建", 26.1, 119.3),
    "jiangxi": ("Jiangxi", "江西", 28.7, 115.9),
    "shandong": ("Shandong", "山东", 36.7, 117.0),
    "henan": ("Henan", "河南", 34.7, 113.6),
    "hubei": ("Hubei", "湖北", 30.6, 114.3),
    "hunan": ("Hunan", "湖南", 28.2, 112.9),
    "guangdong": ("Guangdong", "广东", 23.1, 113.3),
    "guangxi": ("Guangxi", "广西", 22.8, 108.3),
    "hainan": ("Hainan", "海南", 20.0, 110.3),
    "sichuan": ("Sichuan", "四川", 30.7, 104.1),
    "guizhou": ("Guizhou", "贵州", 26.6, 106.7),
    "yunnan": ("Yunnan", "云南", 25.0, 102.7),
    "tibet": ("Tibet", "西藏", 29.7, 91.1),
    "shaanxi": ("Shaanxi", "陕西", 34.3, 108.9),
    "gansu": ("Gansu", "甘肃", 36.1, 103.8),
    "qinghai": ("Qinghai", "青海", 36.6, 101.8),
    "ningxia": ("Ningxia", "宁夏", 38.5, 106.3),
    "xinjiang": ("Xinjiang", "新疆", 43.8, 87.6),
    "hong kong": ("Hong Kong", "香港", 22.3, 114.2),
    "macau": ("Macau", "澳门", 22.2, 113.5),
    "taiwan": ("Taiwan", "台湾", 25.0, 121.5),
}
_BY_CHINESE = {zh: key for key, (_, zh, _, _) in PROVINCES.items()}
_SUFFIXES_ZH = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
_SUFFIXES_EN = (" province", " municipality", " autonomous region", " sar", " city")

# Common spellings that neither Babel's territory names nor Natural Earth's give.
_COUNTRY_ALIASES = {
    "usa": "USA", "us": "USA", "u.s.": "USA", "u.s.a.": "USA", "america": "USA", "uk": "GBR", "great britain": "GBR",
    "england": "GBR", "korea": "KOR", "republic of korea": "KOR", "中华人民共和国": "CHN", "中国大陆": "CHN",
    "hong kong": "HKG", "香港": "HKG", "macau": "MAC", "macao": "MAC", "澳门": "MAC", "turkey": "TUR",
    "czech republic": "CZE", "burma": "MMR", "holland": "NLD", "uae": "ARE", "阿联酋": "ARE",
}  # fmt: skip


def province_key(name: str) -> str | None:
    """The key of `PROVINCES` that a province name means, or None when it is not one of them."""
    text = name.strip()
    for suffix in _SUFFIXES_ZH:
        if text.endswith(suffix) and text[: -len(suffix)] in _BY_CHINESE:
            return _BY_CHINESE[text[: -len(suffix)]]
    if text in _BY_CHINESE:
        return _BY_CHINESE[text]
    lowered = text.lower().replace("xizang", "tibet").replace("macao", "macau")
    for suffix in _SUFFIXES_EN:
        lowered = lowered.removesuffix(suffix)
    return lowered if lowered in PROVINCES else None


def country_code(name: str) -> str | None:
    """The ISO 3166-1 alpha-3 code of a country written as an English or Chinese name or an ISO code
    ("China", "中国", "CN", "CHN", "United States of America", "美国"), or None when it names no country of
    the shipped outlines (`salesdash/charts/outlines`). Case and surrounding spaces do not matter.

    >>> [country_code(n) for n in ("中国", " japan ", "DE", "USA", "Atlantis")]
    ['CHN', 'JPN', 'DEU', 'USA', None]
    """
    return _country_codes().get(" ".join(name.split()).lower())


def country_names(code: str) -> tuple[str, str]:
    """A country's (English, Chinese) names by its alpha-3 code, from the CLDR data that Babel ships; a
    region without an ISO code (Somaliland) keeps Natural Earth's shortest English name in both.

    >>> country_names("KOR")
    ('South Korea', '韩国')
    """
    alpha2, names = _outlined().get(code, (None, [code]))
    english = Locale("en").territories.get(alpha2 or "") or min(names, key=len)
    return english, Locale("zh").territories.get(alpha2 or "") or english


@cache
def _outlined() -> dict[str, tuple[str | None, list[str]]]:
    """alpha-3 → (alpha-2 or None, Natural Earth's names) of every outlined country."""
    return {
        f["properties"]["iso_a3"]: (f["properties"]["iso_a2"], f["properties"]["names"])
        for f in world_countries()["features"]
    }


@cache
def _country_codes() -> dict[str, str]:
    """Every spelling of every outlined country, lower-cased → alpha-3: Natural Earth's names, Babel's English
    and Chinese names, the ISO codes and a few common aliases."""
    codes: dict[str, str] = {}
    english, chinese = Locale("en").territories, Locale("zh").territories
    for feature in world_countries()["features"]:
        alpha3, alpha2 = feature["properties"]["iso_a3"], feature["properties"]["iso_a2"]
        spellings = [alpha3, alpha2, *feature["properties"]["names"], english.get(alpha2), chinese.get(alpha2)]
        codes |= {s.lower(): alpha3 for s in spellings if s}
    outlined = set(codes.values())
    return codes | {k: v for k, v in _COUNTRY_ALIASES.items() if v in outlined}
