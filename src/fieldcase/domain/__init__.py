"""The caseworker's world in plain Python: records, rules and the workflow. No I/O at all."""
