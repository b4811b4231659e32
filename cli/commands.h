// The command line of the pfun executable: every subcommand's options and help, parsed
// with CLI11 (cli11.h), each handing its options to the function that runs it
// (compileToPfb, runNode, runRepl, ...).
#pragma once

namespace pfun::cli {

// Parses argv and runs the subcommand it names; the process's exit code. When the
// first argument names a subcommand exactly, only that one is registered (CLI11 then
// parses exactly as with all of them: a subcommand's options, help and errors do not
// depend on its siblings); anything else (`--help`, no argument, an unknown name)
// registers them all, in the same order, for the full help and errors.
int runCommandLine(int argc, char** argv);

} // namespace pfun::cli
