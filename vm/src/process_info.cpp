#include "process_info.h"

#include "pfun/vm/construct.h"
#include "pfun/vm/process.h"
#include "pfun/vm/process_registry.h"
#include "pfun/vm/runtime.h"
#include "pfun/vm/signals.h"

#include <string_view>
#include <vector>

namespace pfun::vm {

namespace {

constexpr std::string_view kItems[] = {
    "status",    "message_queue_len", "messages", "links",      "registered_name", "trap_exit",
    "heap_size", "total_heap_size",   "memory",   "dictionary", "monitors",        "monitored_by"};

bool knownItem(Runtime& rt, Term item) {
    if (!item.isAtom()) return false;
    for (std::string_view name : kItems)
        if (item == rt.atom(name)) return true;
    return false;
}

// One item's value, or nonValue when the process has none (registered_name).
Term itemValue(Process& p, Term item, bool answeringRequest) {
    Runtime& rt = p.runtime();
    Heap& heap = p.heap();
    const std::string_view name = rt.atoms().name(item);
    if (name == "status") {
        if (!answeringRequest) return rt.atom("running");
        return rt.atom(p.waitArmed ? "waiting" : "runnable");
    }
    if (name == "message_queue_len")
        return Term::makeSmall(int64_t(p.mailboxSize() + p.signals().approximateSize()));
    if (name == "messages") {
        if (!answeringRequest) handleSignals(p);
        std::vector<Term> msgs;
        for (size_t i = 0; i < p.mailboxSize(); ++i)
            msgs.push_back(p.mailbox()[i]);
        return makeList(heap, std::span<const Term>(msgs));
    }
    if (name == "links") return makeList(heap, std::span<const Term>(p.links));
    if (name == "registered_name") {
        Term n = rt.processes().nameOf(p.self());
        return n.isNil() ? Term::nonValue() : n;
    }
    if (name == "trap_exit") return boolAtom(p.trapExit);
    if (name == "heap_size" || name == "total_heap_size")
        return Term::makeSmall(int64_t(p.heap().capacityWords()));
    if (name == "memory")
        return Term::makeSmall(int64_t(
            (p.heap().capacityWords() + p.stackCapacity()) * sizeof(Term) + sizeof(Process)));
    if (name == "dictionary") return p.dictionary();
    std::vector<Term> out;
    if (name == "monitors") {
        for (const MonitorEntry& m : p.monitoring)
            out.push_back(makeTuple(heap, {atoms::kProcess, m.pid}));
    } else { // monitored_by
        for (const MonitorEntry& m : p.monitoredBy)
            out.push_back(m.pid);
    }
    return makeList(heap, std::span<const Term>(out));
}

} // namespace

bool processInfoItemsValid(Runtime& rt, Term items) {
    if (items.isAtom()) return knownItem(rt, items);
    Term l = items;
    for (; l.isList(); l = l.tail())
        if (!knownItem(rt, l.head())) return false;
    return l.isNil();
}

Term processInfoAnswer(Process& p, Term items, bool answeringRequest) {
    Heap& heap = p.heap();
    if (items.isAtom()) {
        Term v = itemValue(p, items, answeringRequest);
        return v.isNonValue() ? Term::nil() : makeTuple(heap, {items, v});
    }
    std::vector<Term> out;
    for (Term l = items; l.isList(); l = l.tail()) {
        Term v = itemValue(p, l.head(), answeringRequest);
        if (!v.isNonValue()) out.push_back(makeTuple(heap, {l.head(), v}));
    }
    return makeList(heap, std::span<const Term>(out));
}

} // namespace pfun::vm
