"""One module per page or area; each holds `STRINGS = {key: {"en": ..., "zh": ...}}`."""
