// Diagnostics: errors and warnings for people.
//
// Every pass reports into one Diagnostics collector instead of throwing, so one run
// shows every error it can find. Rendering gives `file:line:col: error: message`,
// the source line, and a caret under the column.
#pragma once

#include "pfun/compiler/ast.h"

#include <string>
#include <string_view>
#include <vector>

namespace pfun::compiler {

enum class Severity : uint8_t { Error, Warning };

struct Diagnostic {
    Severity severity = Severity::Error;
    Loc loc;
    std::string message;
};

class Diagnostics {
  public:
    Diagnostics(std::string fileName, std::string_view source)
        : fileName_(std::move(fileName)), source_(source) {}

    void error(Loc loc, std::string message) {
        items_.push_back({Severity::Error, loc, std::move(message)});
        ++errors_;
    }
    void warning(Loc loc, std::string message) {
        items_.push_back({Severity::Warning, loc, std::move(message)});
    }
    bool hasErrors() const { return errors_ > 0; }
    size_t errorCount() const { return errors_; }
    const std::vector<Diagnostic>& items() const { return items_; }
    const std::string& fileName() const { return fileName_; }
    std::string_view source() const { return source_; }

    // All diagnostics, sorted by position, each as
    //   file:line:col: error: message
    //     <source line>
    //     <spaces>^
    std::string render() const;

  private:
    std::string fileName_;
    std::string_view source_;
    std::vector<Diagnostic> items_;
    size_t errors_ = 0;
};

} // namespace pfun::compiler
