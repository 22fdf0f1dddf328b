"""What every screening result says about itself, wherever it is shown."""

NOT_LEGAL_ADVICE = (
    "SafeReply screens replies for disclosures; it does not give legal advice. "
    "Your organization's counsel decides whether a reply may be published."
)
