"""Chroma as the system of record: one collection per namespace, one typed record per chunk."""
