"""The three field-record forms, built from declarative specs (spec.py) by one form engine (form.py)."""
