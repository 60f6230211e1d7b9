"""Turning input into stored text: one module per format, dates, the safe fetcher, sentences and chunks."""
