# The two commands of README.md, plus the builds a developer uses.
# Every target installs what is missing first, so each works on a fresh Debian machine.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps build demo test test-hostile bench debug sanitize clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@scripts/demo.sh $(BUILD)/cli/pfun

# pfun run's compile cache (docs/cli.md) goes to the build tree during the tests, not
# to the user's home.
test: build
	@cd $(BUILD) && PFUN_CACHE_DIR=$(abspath $(BUILD))/pfun-cache ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory test-hostile

# The tests that feed hostile bytes to the node (corrupted .pfb files and code
# objects, the bytecode verifier, the external term decoder, network frames), again
# under AddressSanitizer and UndefinedBehaviorSanitizer: "rejected or runs safely"
# must hold for memory, not only for the test's assertions.
HOSTILE_BUILD ?= build-asan
test-hostile: deps
	@cmake -S . -B $(HOSTILE_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPFUN_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(HOSTILE_BUILD) -j $(JOBS) --target loader_tests vm_tests net_tests >/dev/null
	@echo "hostile-input tests under ASan+UBSan:"
	@cd $(HOSTILE_BUILD)/tests && \
	  loader/loader_tests -ts="pfb corruption,code_object,code_store,hash_space,verifier,policy" -nv && \
	  vm/vm_tests -ts=external -nv && \
	  net/net_tests -ts="net protocol" -nv

bench: build
	@bench/run.sh $(BUILD)/cli/pfun
	@bench/dist.sh $(BUILD)/cli/pfun
	@bench/steady.sh $(BUILD)/cli/pfun

debug:
	@$(MAKE) --no-print-directory build BUILD=build-debug CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Debug"

sanitize:
	@$(MAKE) --no-print-directory test BUILD=build-asan CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Debug -DPFUN_SANITIZE=ON"

clean:
	rm -rf build build-debug build-asan
