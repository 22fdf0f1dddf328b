"""The policy and the staff notice as PDF (fpdf2), with a QR code of the report link (segno).

The built-in PDF fonts cover Latin-1 only; typographic punctuation is mapped to plain
equivalents and anything else outside Latin-1 becomes "?" rather than failing the download.
"""

from __future__ import annotations

import io

import segno
from fpdf import FPDF

from safereply.policy.document import NOT_LEGAL_ADVICE, Block

_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                        "\u2014": "-", "\u2026": "...", "\u00a0": " ", "\u2022": "-"})


def _latin1(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def _cell(pdf: FPDF, height: float, text: str, **kwargs) -> None:
    """A full-width paragraph; the next one starts at the left margin below it."""
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", **kwargs)


class _Document(FPDF):
    footer_text = ""

    def footer(self):
        self.set_y(-15)
        self.set_font("Helvetica", size=8)
        self.set_text_color(90, 90, 90)
        _cell(self, 4, _latin1(self.footer_text), align="C")


def _new(footer: str) -> _Document:
    pdf = _Document(format="Letter")
    pdf.footer_text = footer
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.set_margins(20, 18, 20)
    pdf.add_page()
    return pdf


def policy_pdf(blocks: list[Block], *, footer: str) -> bytes:
    pdf = _new(footer)
    for block in blocks:
        text = _latin1(block.text)
        pdf.set_x(pdf.l_margin)
        if block.kind == "title":
            pdf.set_font("Helvetica", "B", 17)
            _cell(pdf, 8, text)
            pdf.ln(2)
        elif block.kind == "heading":
            pdf.ln(3)
            pdf.set_font("Helvetica", "B", 13)
            _cell(pdf, 7, text)
        elif block.kind == "subheading":
            pdf.set_font("Helvetica", "B", 11)
            _cell(pdf, 6, text)
        elif block.kind == "rule":
            pdf.set_font("Helvetica", "B", 12)
            pdf.set_fill_color(255, 241, 204)
            _cell(pdf, 7, text, border=1, fill=True, padding=3)
            pdf.ln(2)
        elif block.kind == "bullet":
            pdf.set_font("Helvetica", size=11)
            _cell(pdf, 6, "-  " + text)
        else:
            pdf.set_font("Helvetica", size=11)
            _cell(pdf, 6, text)
            pdf.ln(1)
    return bytes(pdf.output())


def notice_pdf(*, organization_name: str, report_link: str, version_label: str) -> bytes:
    """One page for break rooms and volunteer desks: the rule, and where to report."""
    pdf = _new(f"{version_label}. {NOT_LEGAL_ADVICE}")
    pdf.set_font("Helvetica", "B", 15)
    _cell(pdf, 8, _latin1(organization_name), align="C")
    pdf.ln(6)
    pdf.set_font("Helvetica", "B", 30)
    _cell(pdf, 13, "Seen a complaint about us online?", align="C")
    pdf.ln(6)
    pdf.set_font("Helvetica", "B", 40)
    pdf.set_text_color(170, 20, 20)
    _cell(pdf, 17, "Do not reply.", align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("Helvetica", "B", 28)
    _cell(pdf, 13, "Report it here.", align="C")
    pdf.ln(4)
    qr = io.BytesIO()
    segno.make(report_link, error="m").save(qr, kind="png", scale=10, border=2)
    qr.seek(0)
    size = 70
    pdf.image(qr, x=(pdf.w - size) / 2, w=size, h=size)
    pdf.set_x(pdf.l_margin)
    pdf.ln(3)
    pdf.set_font("Helvetica", size=10)
    _cell(pdf, 5, _latin1(report_link), align="C")
    pdf.ln(5)
    pdf.set_font("Helvetica", size=13)
    _cell(pdf, 7, _latin1(
        "Not even to say sorry, not from your own account, and no likes or shares. Any reply can confirm "
        "that someone is our patient, which the law forbids. Scan the code, paste the link and the text, "
        "and the designated responders take it from there."), align="C")
    return bytes(pdf.output())
