#include "pfun/compiler/diagnostics.h"

#include <algorithm>
#include <fmt/format.h>

namespace pfun::compiler {

namespace {

std::string_view lineText(std::string_view source, uint32_t line) {
    size_t pos = 0;
    for (uint32_t l = 1; l < line; ++l) {
        size_t nl = source.find('\n', pos);
        if (nl == std::string_view::npos) return {};
        pos = nl + 1;
    }
    size_t end = source.find('\n', pos);
    std::string_view text =
        source.substr(pos, end == std::string_view::npos ? source.size() - pos : end - pos);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    return text;
}

} // namespace

std::string Diagnostics::render() const {
    std::vector<const Diagnostic*> sorted;
    for (const Diagnostic& d : items_)
        sorted.push_back(&d);
    std::stable_sort(sorted.begin(), sorted.end(), [](const Diagnostic* a, const Diagnostic* b) {
        return a->loc.line != b->loc.line ? a->loc.line < b->loc.line : a->loc.col < b->loc.col;
    });
    std::string out;
    for (const Diagnostic* d : sorted) {
        const char* kind = d->severity == Severity::Error ? "error" : "warning";
        out +=
            fmt::format("{}:{}:{}: {}: {}\n", fileName_, d->loc.line, d->loc.col, kind, d->message);
        std::string_view text = lineText(source_, d->loc.line);
        if (text.empty() && d->loc.line == 0) continue;
        out += fmt::format("  {}\n", text);
        // Keep tabs so the caret lines up under the same column in a terminal.
        std::string pad;
        for (uint32_t i = 1; i < d->loc.col && i - 1 < text.size(); ++i)
            pad += text[i - 1] == '\t' ? '\t' : ' ';
        out += fmt::format("  {}^\n", pad);
    }
    return out;
}

} // namespace pfun::compiler
