"""What every screening result says about itself, wherever it is shown."""

NOT_LEGAL_ADVICE = (
    "SafeReply does not give legal advice: it screens replies for disclosures, and your "
    "organization's counsel decides whether a reply may be published."
)
