"""The quote checker: normalise, locate and judge quotes against stored articles (no Discord, no store)."""
