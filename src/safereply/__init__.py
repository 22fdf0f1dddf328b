"""SafeReply: answer patient complaints online without disclosing protected health information."""

__version__ = "0.1.0"
