"""The global filters every figure applies, and the windows they resolve to (docs/figures.md, docs/links.md)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

__all__ = [
    "COMPARISONS",
    "DIMENSIONS",
    "PRESETS",
    "Filters",
    "Window",
    "comparison_window",
    "fiscal_year_start",
    "preset_window",
    "shift_years",
]

COMPARISONS: tuple[str, ...] = ("previous", "yoy", "none")
# Filter dimensions, in the order the sidebar shows them; each is a column of the orders.
DIMENSIONS: tuple[str, ...] = ("region", "team", "rep", "category", "segment")
PRESETS: tuple[str, ...] = ("month", "quarter", "ytd", "last12", "year", "custom")


@dataclass(frozen=True)
class Window:
    """An inclusive date range [start, end]."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Window:
        """The window of the same length that ends the day before this one starts."""
        end = self.start - timedelta(days=1)
        return Window(end - timedelta(days=self.days - 1), end)

    def year_earlier(self) -> Window:
        return Window(shift_years(self.start, -1), shift_years(self.end, -1))

    def overlap_days(self, start: date, end: date) -> int:
        return max(0, (min(self.end, end) - max(self.start, start)).days + 1)


@dataclass(frozen=True)
class Filters:
    """What a user narrowed the view to. Empty tuples mean 'all'; None dates mean the default window."""

    start: date | None = None
    end: date | None = None
    compare: str = "previous"
    region: tuple[str, ...] = field(default=())
    team: tuple[str, ...] = field(default=())
    rep: tuple[str, ...] = field(default=())
    category: tuple[str, ...] = field(default=())
    segment: tuple[str, ...] = field(default=())

    def values(self, dimension: str) -> tuple[str, ...]:
        return tuple(getattr(self, dimension))

    def with_window(self, window: Window) -> Filters:
        return replace(self, start=window.start, end=window.end)

    def narrowed(self, **dimensions: tuple[str, ...]) -> Filters:
        """These filters with some dimensions replaced (a drill-down or a user's scope)."""
        unknown = dimensions.keys() - set(DIMENSIONS)
        if unknown:
            raise ValueError(f"not filter dimensions: {sorted(unknown)}")
        return replace(self, **dimensions)  # type: ignore[arg-type]

    @property
    def has_product_or_segment(self) -> bool:
        """Targets carry no product or segment, so a target for such a slice is unknown."""
        return bool(self.category or self.segment)


def shift_years(day: date, years: int) -> date:
    """The same calendar day `years` away; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def fiscal_year_start(day: date, first_month: int = 1) -> date:
    """The first day of the fiscal year containing `day` (fiscal years start on `first_month`)."""
    year = day.year if day.month >= first_month else day.year - 1
    return date(year, first_month, 1)


def _quarter_start(day: date, first_month: int) -> date:
    fy = fiscal_year_start(day, first_month)
    months = (day.year - fy.year) * 12 + day.month - fy.month
    start_month = fy.month + (months // 3) * 3
    return date(fy.year + (start_month - 1) // 12, (start_month - 1) % 12 + 1, 1)


def preset_window(preset: str, as_of: date, first_month: int = 1) -> Window:
    """The window of a date preset, ending on `as_of` (the latest data date, never the wall clock)."""
    if preset == "month":
        return Window(as_of.replace(day=1), as_of)
    if preset == "quarter":
        return Window(_quarter_start(as_of, first_month), as_of)
    if preset == "last12":
        return Window(shift_years(as_of, -1) + timedelta(days=1), as_of)
    if preset == "year":
        start = fiscal_year_start(as_of, first_month)
        end = shift_years(start, 1) - timedelta(days=1)
        return Window(start, end)
    return Window(fiscal_year_start(as_of, first_month), as_of)


def comparison_window(window: Window, compare: str) -> Window | None:
    """The period a window is compared with: the one before it, the same one a year earlier, or none."""
    if compare == "previous":
        return window.previous()
    if compare == "yoy":
        return window.year_earlier()
    return None


def month_bounds(year: int, month: int) -> Window:
    return Window(date(year, month, 1), _month_end(year, month))
