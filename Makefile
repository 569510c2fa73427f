# reportgen — 常用命令（详见 README.md）
#   make report COURT=lanzhou-xinqu [YEAR=2024]   生成该院文件到 build/<court>/<year>/
#   make check  COURT=lanzhou-xinqu [YEAR=2024]   核对数据
#   make test | make bench | make all | make new-year COURT=… | make clean
#   make server | make server-stop                 可选：后台服务，之后每条命令只需几十毫秒

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
YEAR_ARG := $(if $(YEAR),--year $(YEAR),)
REPORTGEN := $(BIN)/reportgen

.PHONY: report check test bench all new-year clean schema server server-stop require-court

# The virtual environment is created and the project installed on first use, and again when
# pyproject.toml changes: nothing to install by hand. The editable install is a plain path entry
# (editable_mode=compat): setuptools' default import hook costs every command 10 ms.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]' --config-settings editable_mode=compat
	@touch $(STAMP)

require-court:
	@test -n "$(COURT)" || { echo "请指定法院，例如：make $(MAKECMDGOALS) COURT=lanzhou-xinqu" >&2; exit 2; }

report: require-court $(STAMP)
	@$(REPORTGEN) build $(COURT) $(YEAR_ARG) $(OPTS)

check: require-court $(STAMP)
	@$(REPORTGEN) check $(COURT) $(YEAR_ARG) $(OPTS)

new-year: require-court $(STAMP)
	@$(REPORTGEN) new-year $(COURT) $(OPTS)

all: $(STAMP)
	@$(REPORTGEN) build --all $(OPTS)

# Optional: a resident process that has already loaded reportgen; later commands take tens of ms.
server: $(STAMP)
	@$(REPORTGEN) server start

server-stop: $(STAMP)
	@$(REPORTGEN) server stop

schema: $(STAMP)
	@$(REPORTGEN) schema

test: $(STAMP)
	@$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	@$(BIN)/python -m reportgen.bench

clean:
	rm -rf build
