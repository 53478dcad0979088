"""Checking code shared by the notebooks' tests.

Public modules (shipped to students, packed into each notebook's setup cell):
    compare    strict array comparison with messages that name the mistake
    gradcheck  central finite differences and relative errors
    notebook   helpers for notebook cells: unfinished stubs, the submission step

Private modules (shipped only inside the autograders):
    reference  reference implementations of every graded function
    hidden     the hidden tests' seeded cases and checks
"""
