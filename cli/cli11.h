// CLI11 for the command-line host: only cli/commands.cpp includes it.
//
// CLI11 is header-only and defines its validators (CLI::ExistingFile, CLI::Number,
// ...) as constants in every translation unit that includes it, each built before
// main with its strings and functions; and it includes <iostream>. So one source
// holds every subcommand's options (commands.cpp), and the standard streams come
// through standard_streams.h (constructed on demand): `pfun run` of a one-line
// script is a benchmark row.
#pragma once

#include "standard_streams.h"

#include <CLI/CLI.hpp>
