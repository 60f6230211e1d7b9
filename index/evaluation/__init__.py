"""Measuring QuoteDesk: QA evaluation, the quote-checker evaluation, LLM quote counts and benchmarks.

Never imported by the runtime path (the bot, ``quotedesk ask``, :mod:`index.library`).
"""
