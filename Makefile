# The two commands of README.md, plus the builds a developer uses.
# Every target installs what is missing first, so each works on a fresh Debian machine.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps build demo test bench debug sanitize clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@scripts/demo.sh $(BUILD)/cli/pfun

test: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	@bench/run.sh $(BUILD)/cli/pfun
	@bench/dist.sh $(BUILD)/cli/pfun

debug:
	@$(MAKE) --no-print-directory build BUILD=build-debug CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Debug"

sanitize:
	@$(MAKE) --no-print-directory test BUILD=build-asan CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Debug -DPFUN_SANITIZE=ON"

clean:
	rm -rf build build-debug build-asan
