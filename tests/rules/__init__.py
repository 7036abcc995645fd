# Tests of the pure business rules in addons/<addon>/rules/*.py, loaded by file path.
