"""Answering: the extractive answerer, the citation builder, and the optional language-model answerer."""
