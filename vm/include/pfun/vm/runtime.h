// Runtime: the state one node shares between all its processes.
//
// Holds the atom table, the BIF table, the module table and the output sink. There is
// no global mutable state outside a Runtime: a host may create several in one process.
// (The network layer later wraps a Runtime in pfun::Node.)
#pragma once

#include "pfun/vm/atom.h"
#include "pfun/vm/bif.h"

#include <functional>
#include <string_view>

namespace pfun::vm {

class Runtime {
public:
    Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;
    ~Runtime();

    AtomTable& atoms() { return atoms_; }
    const AtomTable& atoms() const { return atoms_; }
    BifTable& bifs() { return bifs_; }
    const BifTable& bifs() const { return bifs_; }

    // Where io:format and friends write (the standard output by default).
    using OutputSink = std::function<void(std::string_view)>;
    void setOutput(OutputSink sink) { output_ = std::move(sink); }
    void writeOutput(std::string_view text) { output_(text); }

private:
    AtomTable atoms_;
    BifTable bifs_;
    OutputSink output_;
};

} // namespace pfun::vm
