"""Tooling for the backprop course: build notebooks from source/, grade submissions, export to nbgrader."""
