# No inputs: every value is a constant both sides must agree on.
