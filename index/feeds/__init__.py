"""Feeds: a namespace follows RSS / Atom / JSON feeds and their articles arrive by themselves.

``parse`` (+ ``jsonfeed``) reads a feed's bytes into items, ``items`` turns an item into the article
to store, ``poller`` polls one feed once, ``state`` keeps the subscriptions in Chroma, and
``service.Feeds`` (``Library.feeds``) is what front ends call.
"""
