#include "pfun/stdlib/stdlib.h"

#include "bif_util.h"

#include "pfun/stdlib/format.h"
#include "pfun/vm/process.h"

#include <chrono>
#include <ctime>

#include <fmt/format.h>

namespace pfun::stdlib {

namespace {

// The report erl's logger prints for a process that crashed:
//   =ERROR REPORT==== 21-Nov-2026::19:41:15.630341 ===
//   Error in process <0.79.0> with exit value:
//   {badarith,[...]}
void reportCrash(vm::Process& p, vm::Term reason) {
    static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    auto now = std::chrono::system_clock::now();
    std::time_t secs = std::chrono::system_clock::to_time_t(now);
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()) %
                  std::chrono::seconds(1);
    std::tm tm{};
    localtime_r(&secs, &tm);
    vm::Runtime& rt = p.runtime();
    std::string text = fmt::format("=ERROR REPORT==== {}-{}-{}::{:02}:{:02}:{:02}.{:06} ===\n",
                                   tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
                                   tm.tm_min, tm.tm_sec, micros.count());
    text += "Error in process " + writeTerm(rt, p.self()) + " with exit value:\n";
    text += printTerm(rt, reason) + "\n\n";
    rt.writeError(text);
}

} // namespace

std::vector<std::string_view> nativeModuleNames() {
    return {"erlang", "file", "io", "io_lib", "lists", "maps", "math", "os", "string", "unicode"};
}

void registerBifs(vm::Runtime& rt) {
    detail::registerErlangTypeBifs(rt);
    detail::registerErlangTermBifs(rt);
    detail::registerErlangOpBifs(rt);
    detail::registerErlangConvertBifs(rt);
    detail::registerErlangMiscBifs(rt);
    detail::registerErlangDigestBifs(rt);
    detail::registerIoBifs(rt);
    detail::registerListsBifs(rt);
    detail::registerMapsBifs(rt);
    detail::registerMathBifs(rt);
    detail::registerStringBifs(rt);
    detail::registerErlangPfunBifs(rt);
    detail::registerSystemBifs(rt);
    detail::registerOsBifs(rt);
    detail::registerFileBifs(rt);
    rt.setCrashReporter(reportCrash);
}

} // namespace pfun::stdlib
