// BIFs over the process state the VM owns: self, the process dictionary and the
// module table (process_bifs.cpp); spawning, signals, names, timers and process
// inspection (concurrency_bifs.cpp).
#pragma once

namespace pfun::vm {

class Runtime;
void registerProcessBifs(Runtime& rt);
void registerConcurrencyBifs(Runtime& rt);

} // namespace pfun::vm
