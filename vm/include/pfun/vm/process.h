// Process: one Erlang process — its heap, registers, call stack and pending exception.
//
// Only the API that BIFs use is fixed here; the interpreter extends the struct with
// its execution state. A process is touched by one thread at a time (the scheduler
// running it).
#pragma once

#include "pfun/vm/atom.h"
#include "pfun/vm/heap.h"
#include "pfun/vm/term.h"

namespace pfun::vm {

class Runtime;

// Erlang's exception classes.
enum class ExceptionClass : uint8_t { Error, Throw, Exit };

class Process {
public:
    explicit Process(Runtime& rt) : runtime_(rt) {}
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    Runtime& runtime() { return runtime_; }
    Heap& heap() { return heap_; }

    // Record an exception and return Term::nonValue(), so a BIF can write
    // `return p.error(atoms::kBadarg);`.
    Term raise(ExceptionClass cls, Term reason) {
        excClass_ = cls;
        excReason_ = reason;
        return Term::nonValue();
    }
    Term error(Term reason) { return raise(ExceptionClass::Error, reason); }
    Term badarg() { return error(atoms::kBadarg); }
    Term badarith() { return error(atoms::kBadarith); }
    ExceptionClass exceptionClass() const { return excClass_; }
    Term exceptionReason() const { return excReason_; }

private:
    Runtime& runtime_;
    Heap heap_;
    ExceptionClass excClass_ = ExceptionClass::Error;
    Term excReason_ = Term::nil();
};

} // namespace pfun::vm
