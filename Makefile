# reportgen — 常用命令（详见 README.md）
#   make report COURT=lanzhou-xinqu [YEAR=2024]   生成该院文件到 build/<court>/<year>/
#   make check  COURT=lanzhou-xinqu [YEAR=2024]   核对数据
#   make pdf    COURT=lanzhou-xinqu               另生成 PDF（需要 LibreOffice）
#   make preview COURT=lanzhou-xinqu [PORT=8000]  边写边看：浏览器中实时预览，问题列在旁边
#   make test | make bench | make all | make new-year COURT=… | make clean
#   make xlsx COURT=lanzhou-xinqu [YEAR=2024]     导出 Excel 工作簿供填写（导入：reportgen xlsx import …）
#   make server | make server-stop                 可选：后台服务，之后每条命令只需几十毫秒

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# COURT, YEAR and OPTS reach the commands as environment variables, quoted there ("$$COURT"), and are
# taken as typed ($(value …)): a value is never run, neither by the shell (make report 'COURT=x;rm -rf ~')
# nor by make ('COURT=$(shell …)'); it names a court that does not exist.
override COURT := $(value COURT)
override YEAR := $(value YEAR)
override PORT := $(value PORT)
override OPTS := $(value OPTS)
export COURT YEAR OPTS PORT
YEAR_ARG := $(if $(YEAR),--year "$$YEAR",)
REPORTGEN := $(BIN)/reportgen
BYTECODE := reportgen/__pycache__/.compiled-stamp
SOURCES := $(shell find reportgen -name '*.py' 2>/dev/null)

.PHONY: report check test lint bench all new-year clean schema server server-stop require-court pdf preview xlsx

# The virtual environment is created and the project installed on first use, and again when
# pyproject.toml changes: nothing to install by hand. The editable install is a plain path entry
# (editable_mode=compat): setuptools' default import hook costs every command 10 ms.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]' --config-settings editable_mode=compat
	@touch $(STAMP)

# The editable install leaves no bytecode, and machines that set PYTHONDONTWRITEBYTECODE would
# compile reportgen's modules again for every command (1.55 s → 1.17 s for a build, measured):
# precompile them, again whenever a module changes. compileall writes them whatever that variable says.
$(BYTECODE): $(STAMP) $(SOURCES)
	@$(BIN)/python -m compileall -q reportgen
	@touch $(BYTECODE)

# A failed command makes make exit with 2 whatever the command's status; the line before make's own
# "Error N" says what reportgen's status was (README: 退出码).
STATUS = || { s=$$?; echo "（reportgen 退出码 $$s：1 为核对发现错误，2 为数据无法读取或文件无法写入，3 为数据尚未填完）" >&2; exit $$s; }

require-court:
	@test -n "$$COURT" || { echo "请指定法院，例如：make $(firstword $(MAKECMDGOALS)) COURT=lanzhou-xinqu" >&2; exit 2; }
	@case "$$COURT" in -*|*[!a-z0-9-]*) echo "法院代号“$$COURT”不合规：只能用小写字母、数字和“-”，如 COURT=lanzhou-xinqu" >&2; exit 2;; esac
	@case "$$YEAR" in ''|[0-9][0-9][0-9][0-9]) ;; *) echo "年度“$$YEAR”不合规：应为四位数字，如 YEAR=2024" >&2; exit 2;; esac

report: require-court $(BYTECODE)
	@$(REPORTGEN) build $(YEAR_ARG) $$OPTS -- "$$COURT" $(STATUS)

check: require-court $(BYTECODE)
	@$(REPORTGEN) check $(YEAR_ARG) $$OPTS -- "$$COURT" $(STATUS)

new-year: require-court $(BYTECODE)
	@$(REPORTGEN) new-year $$OPTS -- "$$COURT" $(STATUS)

# Excel: export a workbook to fill in; `reportgen xlsx import COURT FILE` reads it back.
xlsx: require-court $(BYTECODE)
	@$(REPORTGEN) xlsx export $(YEAR_ARG) $$OPTS -- "$$COURT" $(STATUS)

all: $(BYTECODE)
	@$(REPORTGEN) build --all $$OPTS $(STATUS)

# Issue 18: PDF through LibreOffice; a live preview in the browser while editing (PORT=8000 by default).
pdf: require-court $(BYTECODE)
	@$(REPORTGEN) build $(YEAR_ARG) -b pdf $$OPTS -- "$$COURT" $(STATUS)

preview: require-court $(BYTECODE)
	@case "$$PORT" in ''|[0-9]|[0-9][0-9]|[0-9][0-9][0-9]|[0-9][0-9][0-9][0-9]|[0-9][0-9][0-9][0-9][0-9]) ;; *) echo "端口“$$PORT”不合规：应为数字，如 PORT=8000" >&2; exit 2;; esac
	@$(REPORTGEN) preview $(YEAR_ARG) $(if $(PORT),--port "$$PORT",) $$OPTS -- "$$COURT" $(STATUS)

# Optional: a resident process that has already loaded reportgen; later commands take tens of ms.
server: $(BYTECODE)
	@$(REPORTGEN) server start

server-stop: $(STAMP)
	@$(REPORTGEN) server stop

schema: $(STAMP)
	@$(REPORTGEN) schema

test: lint $(BYTECODE)
	@$(BIN)/python -m pytest $(PYTEST_ARGS)

# Type checking (mypy --strict on reportgen/) and the linter, as configured in pyproject.toml.
lint: $(STAMP)
	@$(BIN)/ruff check reportgen tests
	@$(BIN)/mypy

bench: $(BYTECODE)
	@$(BIN)/python -m reportgen.bench

clean:
	rm -rf build
