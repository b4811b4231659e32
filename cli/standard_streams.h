// The standard streams (std::cin, std::cout, ...) constructed on demand, not before
// main.
//
// With libstdc++ before GCC 13, every translation unit that includes <iostream> holds
// a static std::ios_base::Init, whose constructor builds the eight standard stream
// objects and the classic locale (about thirty facets) before main. In the pfun
// executable that was about 0.1 ms of the 1.4 ms a one-line `pfun run` took
// (bench/README.md), for streams that `pfun run` never uses.
//
// So the cli sources that need the stream declarations (CLI11, through cli11.h, and
// the line-mode REPL) include this header first: it declares the standard streams as
// <iostream> does and leaves out the static initialiser. Every path that uses them
// calls useStandardStreams() first (the CLI11 parser before it can print help or an
// error, the line-mode REPL before reading std::cin). Code in cli/ otherwise prints
// with stdio.
//
// Elsewhere (GCC 13's libstdc++ initialises the streams inside the library; other
// standard libraries) this is plain <iostream> and useStandardStreams() does nothing.
// A source that includes <iostream> before this header brings the initialiser back:
// nothing breaks, start-up is slower.
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
#else
#include <iostream>
#endif

namespace pfun::cli {

// Constructs the standard streams if they are not yet (idempotent, thread-safe).
void useStandardStreams();

} // namespace pfun::cli
