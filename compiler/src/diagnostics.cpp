#include "pfun/compiler/diagnostics.h"

#include <algorithm>
#include <fmt/format.h>

namespace pfun::compiler {

namespace {

// Start offsets of every line, computed once per render so that rendering many
// diagnostics stays linear in the size of the source.
std::vector<size_t> lineStarts(std::string_view source) {
    std::vector<size_t> starts{0};
    for (size_t i = 0; i < source.size(); ++i)
        if (source[i] == '\n') starts.push_back(i + 1);
    return starts;
}

std::string_view lineText(std::string_view source, const std::vector<size_t>& starts,
                          uint32_t line) {
    if (line == 0 || line > starts.size()) return {};
    size_t pos = starts[line - 1];
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
    std::vector<size_t> starts = lineStarts(source_);
    for (const Diagnostic* d : sorted) {
        const char* kind = d->severity == Severity::Error ? "error" : "warning";
        out +=
            fmt::format("{}:{}:{}: {}: {}\n", fileName_, d->loc.line, d->loc.col, kind, d->message);
        std::string_view text = lineText(source_, starts, d->loc.line);
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
