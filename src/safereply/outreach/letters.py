"""Letters as PDF (fpdf2): the private invitation and the grievance resolution letter.

The built-in fonts cover Latin-1 only (see policy.pdf); names outside it print with "?".
"""

from __future__ import annotations

from django.utils import timezone
from fpdf import FPDF

from safereply.policy.pdf import _latin1


def letter_pdf(*, organization, addressee: str, body: str, heading: str = "") -> bytes:
    pdf = FPDF(format="Letter")
    pdf.set_margins(25, 25, 25)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 7, _latin1(organization.name), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    details = [*organization.lines(organization.phones)[:1], *organization.lines(organization.emails)[:1]]
    if details:
        pdf.multi_cell(0, 5, _latin1(" · ".join(details).replace("·", "-")), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, timezone.localdate().strftime("%B %-d, %Y"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    if heading:
        pdf.set_font("Helvetica", "B", 11)
        pdf.multi_cell(0, 6, _latin1(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, _latin1(f"Dear {addressee},"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for paragraph in body.split("\n\n"):
        pdf.multi_cell(0, 6, _latin1(paragraph.strip()), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.ln(4)
    pdf.multi_cell(0, 6, _latin1(f"Sincerely,\nPatient relations, {organization.name}"), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
