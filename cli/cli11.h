// CLI11 for the command-line host, without <iostream>'s start-up cost.
//
// CLI11 includes <iostream>. With libstdc++ before GCC 13, every translation unit that
// includes <iostream> holds a static std::ios_base::Init, whose constructor builds
// the eight standard stream objects and the classic locale (about thirty facets)
// before main. In the pfun executable that was about 0.1 ms of the 1.4 ms a one-line
// `pfun run` took (bench/README.md), for streams that `pfun run` never uses.
//
// So the cli sources include CLI11 through this header, which declares the standard
// streams as <iostream> does but leaves out the static initialiser. The streams are
// then constructed on demand: every path that can write to std::cout / std::cerr or
// read std::cin through them calls useStandardStreams() first (main before
// CLI::App::exit, the line-mode REPL before reading std::cin). CLI11 itself writes to
// std::cout only from App::exit and from deprecated()/retire() options, which pfun
// does not use. Code in cli/ prints with stdio, not with the standard streams.
//
// Elsewhere (GCC 13's libstdc++ initialises the streams inside the library; other
// standard libraries) the header is plain <CLI/CLI.hpp> and useStandardStreams() does
// nothing.
#pragma once

#include <version> // defines __GLIBCXX__ and the library's configuration macros

#if defined(__GLIBCXX__) && !defined(_GLIBCXX_IOSTREAM) &&                                         \
    !defined(_GLIBCXX_USE_INIT_PRIORITY_ATTRIBUTE)
#include <istream>
#include <ostream>
#define _GLIBCXX_IOSTREAM 1 // <iostream>'s guard: its static Init is left out
#define PFUN_STREAMS_ON_DEMAND 1
namespace std {
// The declarations of <iostream>; the objects are libstdc++'s.
extern istream cin;
extern ostream cout;
extern ostream cerr;
extern ostream clog;
extern wistream wcin;
extern wostream wcout;
extern wostream wcerr;
extern wostream wclog;
} // namespace std
#endif

#include <CLI/CLI.hpp>

namespace pfun::cli {

// Constructs the standard streams if they are not yet (idempotent, thread-safe).
void useStandardStreams();

} // namespace pfun::cli
