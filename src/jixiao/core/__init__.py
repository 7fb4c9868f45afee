"""The domain core: plain Python, no Django.

The declaration model and its interchange format, the value grammar, the importers and
exporters, the review rules and the scoring live here.  The web app, the API and the CLI wrap
them; nothing in this package imports Django.
"""
