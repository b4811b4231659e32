// process_info/1,2 answers, computed by the process being asked, on its own thread
// (directly for the caller itself; through an InfoRequest signal for another).
#pragma once

#include "pfun/vm/term.h"

namespace pfun::vm {

class Process;
class Runtime;

// True if `items` is a known item atom or a proper list of them.
bool processInfoItemsValid(Runtime& rt, Term items);
// {Item, Value} for an atom, a list of those for a list (items a process does not
// have, like registered_name, are left out; an atom answers []), built in p's heap.
// `answeringRequest`: p is handling another process's request (its status is then
// waiting or runnable, not running).
Term processInfoAnswer(Process& p, Term items, bool answeringRequest);

} // namespace pfun::vm
