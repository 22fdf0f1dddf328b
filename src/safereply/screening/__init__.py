"""The reply screening engine.

Plain Python: nothing here imports Django or the rest of SafeReply, so the web
application, the API and the command line all call the same ``screen()``.
"""

from safereply.screening.engine import screen
from safereply.screening.findings import (
    Category,
    Context,
    Finding,
    Organization,
    PatientRecord,
    Screening,
    Verdict,
)

__all__ = [
    "Category",
    "Context",
    "Finding",
    "Organization",
    "PatientRecord",
    "Screening",
    "Verdict",
    "screen",
]
