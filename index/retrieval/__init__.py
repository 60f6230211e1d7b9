"""Finding the passages that may answer: the embedder, the lexical index, and their fusion."""
