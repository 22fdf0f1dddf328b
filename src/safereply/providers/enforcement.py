"""The maintained list of enforcement actions (data/enforcement_actions.csv) and its chart.

The chart is an SVG drawn here, on the server: the strict CSP forbids scripts, and the same
drawing goes into the meeting packet's PDF. Amounts span 10,000 to 2,400,000 dollars, so the
vertical axis is logarithmic; each dot is labelled with its amount so nobody reads the scale wrong.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

DATA_FILE = Path(__file__).parent / "data" / "enforcement_actions.csv"
REVIEW_REPLY = "review_reply"
RELATED = "related_disclosure"
CLASSIFICATIONS = {REVIEW_REPLY: "Reply to an online review", RELATED: "Related public disclosure"}
COLORS = {REVIEW_REPLY: "#b42318", RELATED: "#1f4e79"}


@dataclass(frozen=True)
class EnforcementAction:
    entity: str
    state: str
    announced: dt.date
    amount_usd: int
    kind: str
    classification: str
    channel: str
    what_was_disclosed: str
    corrective_action: str
    corrective_action_checked: bool
    corrective_action_source: str
    source: str

    @property
    def classification_label(self) -> str:
        return CLASSIFICATIONS[self.classification]

    @property
    def is_review_reply(self) -> bool:
        return self.classification == REVIEW_REPLY

    @property
    def amount_label(self) -> str:
        return f"${self.amount_usd:,}"


@lru_cache(maxsize=1)
def enforcement_actions() -> tuple[EnforcementAction, ...]:
    """Every action, oldest first. A malformed row fails loudly: the file is maintained by hand."""
    lines = [line for line in DATA_FILE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    actions = []
    for row in csv.DictReader(lines):
        if row["classification"] not in CLASSIFICATIONS:
            raise ValueError(f"{row['entity']}: unknown classification {row['classification']!r}")
        if not row["source"].startswith("https://"):
            raise ValueError(f"{row['entity']}: every action needs a source link")
        actions.append(EnforcementAction(
            entity=row["entity"], state=row["state"], announced=dt.date.fromisoformat(row["announced"]),
            amount_usd=int(row["amount_usd"]), kind=row["kind"], classification=row["classification"],
            channel=row["channel"], what_was_disclosed=row["what_was_disclosed"],
            corrective_action=row["corrective_action"],
            corrective_action_checked=row["corrective_action_checked"] == "yes",
            corrective_action_source=row["corrective_action_source"], source=row["source"],
        ))
    return tuple(sorted(actions, key=lambda a: a.announced))


def chart_svg(actions=None, *, width: int = 640, height: int = 300, tooltips: bool = True) -> str:
    """Amounts over time: one dot per action, coloured by classification, log scale.

    `tooltips=False` leaves out the <title> elements, which the PDF renderer does not draw.
    """
    actions = tuple(actions if actions is not None else enforcement_actions())
    left, right, top, bottom = 70, 20, 20, 60
    plot_w, plot_h = width - left - right, height - top - bottom
    first_year = min(a.announced.year for a in actions)
    last_year = max(a.announced.year for a in actions) + 1
    low, high = 3, 7  # 10^3 .. 10^7 dollars

    def x(day: dt.date) -> float:
        span = (dt.date(last_year, 1, 1) - dt.date(first_year, 1, 1)).days
        return left + plot_w * (day - dt.date(first_year, 1, 1)).days / span

    def y(amount: int) -> float:
        return top + plot_h * (high - math.log10(amount)) / (high - low)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="enf-title">',
        '<title id="enf-title">Amounts of enforcement actions over time (logarithmic scale)</title>' if tooltips else "",
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#ffffff" stroke="#888888"/>',
    ]
    for power in range(low, high + 1):
        value = 10 ** power
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                     'stroke="#dddddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y(value) + 4:.1f}" font-size="11" text-anchor="end" '
                     f'font-family="Helvetica, Arial, sans-serif">${value:,}</text>')
    for year in range(first_year, last_year + 1, 2):
        px = x(dt.date(year, 1, 1))
        parts.append(f'<line x1="{px:.1f}" x2="{px:.1f}" y1="{top + plot_h}" y2="{top + plot_h + 4}" stroke="#888888"/>')
        parts.append(f'<text x="{px:.1f}" y="{top + plot_h + 17}" font-size="11" text-anchor="middle" '
                     f'font-family="Helvetica, Arial, sans-serif">{year}</text>')
    for action in actions:
        px, py = x(action.announced), y(action.amount_usd)
        color = COLORS[action.classification]
        tip = f"<title>{escape(action.entity)}: {action.amount_label}</title>" if tooltips else ""
        parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="5" fill="{color}">{tip}</circle>')
        # Labels near the right edge go to the left of their dot, inside the plot.
        near_edge = px > left + plot_w - 70
        lx, anchor = (px - 7, "end") if near_edge else (px + 7, "start")
        parts.append(f'<text x="{lx:.1f}" y="{py - 6:.1f}" font-size="10" fill="{color}" text-anchor="{anchor}" '
                     f'font-family="Helvetica, Arial, sans-serif">{action.amount_label}</text>')
    legend_y = height - 18
    for i, (key, label) in enumerate(CLASSIFICATIONS.items()):
        lx = left + i * 230
        parts.append(f'<circle cx="{lx + 5}" cy="{legend_y - 4}" r="5" fill="{COLORS[key]}"/>')
        parts.append(f'<text x="{lx + 15}" y="{legend_y}" font-size="11" '
                     f'font-family="Helvetica, Arial, sans-serif">{escape(label)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
