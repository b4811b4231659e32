// BIFs over the process state the VM owns (self, process dictionary, send).
#pragma once

namespace pfun::vm {

class Runtime;
void registerProcessBifs(Runtime& rt);

} // namespace pfun::vm
