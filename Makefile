# The verbs an instructor types. `make` regenerates everything from source/ and grades the demo
# submissions; `make test` runs the test suite. Both create the virtual environment on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export PYTHONHASHSEED := 0

SUBMISSIONS ?= submissions
OUT ?= grades

.PHONY: all venv build demo test test-fast lint grade bench bench-student screenshot nbgrader publish clean

all: build demo

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

venv: $(STAMP)

build: venv  ## regenerate assignments/, solutions/ and autograder/ from source/
	$(PY) -m coursekit build

demo: venv  ## grade the solutions and sample mistaken submissions, print the scores table
	$(PY) -m coursekit demo

test: venv  ## the test suite (lint first: it takes a second)
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q tests

test-fast: venv  ## the unit layer only (tests/unit/, a few seconds): the loop while working
	$(PY) -m pytest -q -m "not slow" tests

lint: venv  ## ruff, configured in pyproject.toml
	$(VENV)/bin/ruff check .

grade: venv  ## grade a folder of submissions: make grade SUBMISSIONS=<folder> OUT=<folder> [ROSTER=canvas.csv] [BY_STUDENT=1] [ALLOW_UNCONFINED=1]
	$(PY) -m coursekit grade $(SUBMISSIONS) --out $(OUT) $(if $(ROSTER),--roster $(ROSTER)) $(if $(BY_STUDENT),--by-student) $(if $(ALLOW_UNCONFINED),--allow-unconfined)

bench: venv  ## throughput of the grader versus sequential otter run
	$(PY) -m coursekit bench

publish: venv  ## the student tree for the public repository: make publish DEST=<folder> (parts: course.toml)
	@test -n "$(DEST)" || { echo "usage: make publish DEST=<folder>"; exit 2; }
	$(PY) -m coursekit publish --dest $(DEST)

bench-student: venv  ## setup-cell and first-check seconds per notebook on Colab's versions (tests/colab/colab-pins.txt)
	$(PY) -m coursekit.student_bench

screenshot: venv  ## docs/images/jupyterlab-student.png: a student notebook in JupyterLab (needs chromium)
	$(PY) -m coursekit.browser

nbgrader: venv  ## write the nbgrader course under nbgrader_course/
	$(PY) -m coursekit nbgrader

clean:
	rm -rf demo_class .pytest_cache
