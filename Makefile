# Two commands for a newcomer on a fresh Linux machine with Python 3.11:
#   make demo   - set everything up, build the demo center and score its month
#   make test   - run the tests
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
MONTH  ?= 2026-11
DEMO   := demo

.PHONY: demo test samples docs lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p $(DEMO)
	$(BIN)/kaohe init $(DEMO)/考核工作簿.xlsx --demo --month $(MONTH) --force
	$(BIN)/kaohe month $(DEMO)/考核工作簿.xlsx --month $(MONTH)
	@echo "打开 $(DEMO)/月度考评结果_$(MONTH)_公示稿.xlsx 查看结果"

test: $(STAMP)
	$(BIN)/python -m pytest

# regenerate sample_workbooks/ (fixed seed, so the data is the same every time)
samples: $(STAMP)
	$(BIN)/kaohe init sample_workbooks/考核工作簿.xlsx --demo --month $(MONTH) --seed 2026 --force
	$(BIN)/kaohe month sample_workbooks/考核工作簿.xlsx --month $(MONTH)

# regenerate docs/rules.md and docs/workbooks.md from the code (a test fails when they differ)
docs: $(STAMP)
	$(BIN)/python docs/generate.py

lint: $(STAMP)
	$(BIN)/ruff check kaohe_excel tests benchmarks docs
	$(BIN)/mypy kaohe_excel
	$(BIN)/mypy --strict --follow-imports=silent kaohe_excel/core

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache .hypothesis
