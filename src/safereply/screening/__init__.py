"""The reply screening engine.

Plain Python: nothing here imports Django or the rest of SafeReply, so the web
application, the API and the command line all call the same ``screen()``. Installed by
pip, its modules are also compiled by mypyc; ``safereply.screening._form`` says which form
runs and why.
"""

from safereply.screening import _form

_form.choose()  # before any other engine module is imported

from safereply.screening.engine import screen  # noqa: E402
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
