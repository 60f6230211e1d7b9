"""Prompt templates as plain text files (system.txt, answer.txt, refuse.txt), loaded by index.prompts."""
