"""zh-hans formats that differ from Django's: a time shown in a form keeps its seconds (the
first input format is the one widgets render with).  Everything else falls back to Django's."""

TIME_INPUT_FORMATS = [
    "%H:%M:%S",  # '20:45:29'
    "%H:%M:%S.%f",  # '20:45:29.000200'
    "%H:%M",  # '20:45'
]
