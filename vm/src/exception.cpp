#include "pfun/vm/exception.h"

#include "pfun/vm/code.h"

namespace pfun::vm {

namespace {

Term tuple(Heap& heap, std::initializer_list<Term> items) {
    Term* t = heap.alloc(items.size() + 1);
    t[0] = Term::makeHeader(BoxKind::Tuple, items.size());
    size_t i = 1;
    for (Term x : items)
        t[i++] = x;
    return Term::makeBoxed(t);
}

} // namespace

Term exceptionClassAtom(ExceptionClass cls) {
    switch (cls) {
    case ExceptionClass::Error: return atoms::kError;
    case ExceptionClass::Throw: return atoms::kThrow;
    case ExceptionClass::Exit: return atoms::kExit;
    }
    return atoms::kError;
}

std::optional<ExceptionClass> exceptionClassFromAtom(Term atom) {
    if (atom == atoms::kError) return ExceptionClass::Error;
    if (atom == atoms::kThrow) return ExceptionClass::Throw;
    if (atom == atoms::kExit) return ExceptionClass::Exit;
    return std::nullopt;
}

Term catchValue(Heap& heap, ExceptionClass cls, Term reason, Term stacktrace) {
    switch (cls) {
    case ExceptionClass::Throw: return reason;
    case ExceptionClass::Exit: return tuple(heap, {atoms::kEXIT, reason});
    case ExceptionClass::Error:
        return tuple(heap, {atoms::kEXIT, tuple(heap, {reason, stacktrace})});
    }
    return reason;
}

Term makeTermList(Heap& heap, const Term* items, size_t n) {
    Term list = Term::nil();
    if (n == 0) return list;
    Term* cells = heap.alloc(2 * n);
    for (size_t i = n; i-- > 0;) {
        cells[2 * i] = items[i];
        cells[2 * i + 1] = list;
        list = Term::makeCons(cells + 2 * i);
    }
    return list;
}

Term stackEntry(Heap& heap, const FunctionCode& fn, uint32_t pc, Term arityOrArgs) {
    Term location = Term::nil();
    uint32_t line = fn.lineAt(pc);
    if (line > 0 && fn.owner) {
        Term items[2] = {tuple(heap, {atoms::kFile, fn.owner->fileTerm}),
                         tuple(heap, {atoms::kLine, Term::makeSmall(line)})};
        location = makeTermList(heap, items, 2);
    }
    return tuple(heap, {fn.module, fn.name, arityOrArgs, location});
}

Term buildStacktrace(Process& p, const FunctionCode* fn, uint32_t pc, Term topArgs, Term extraTop) {
    Heap& heap = p.heap();
    Term entries[kBacktraceDepth];
    size_t n = 0;
    if (!extraTop.isNonValue()) entries[n++] = extraTop;
    if (fn && n < kBacktraceDepth) {
        Term what = topArgs.isNonValue() ? Term::makeSmall(fn->arity) : topArgs;
        entries[n++] = stackEntry(heap, *fn, pc, what);
    }
    for (CallFrame* f = p.frameTop; f != p.frameData() && n < kBacktraceDepth;) {
        --f;
        if (!f->fn) continue; // native entry boundary
        // f->pc is the caller's next instruction; the call is just before it.
        auto at = uint32_t(f->pc - f->fn->code.data());
        entries[n++] = stackEntry(heap, *f->fn, at > 0 ? at - 1 : 0, Term::makeSmall(f->fn->arity));
    }
    return makeTermList(heap, entries, n);
}

} // namespace pfun::vm
