// module_info/0 and module_info/1, generated for every module as erlc does (unless the
// module defines them itself). They are exported and come after the source functions.
#pragma once

#include "pfun/compiler/ast.h"

#include <memory>
#include <string_view>
#include <vector>

namespace pfun::compiler {

// `source` is the module's text (it seeds the default vsn).
std::vector<std::unique_ptr<Function>> moduleInfoFunctions(const Module& m,
                                                           std::string_view source);

} // namespace pfun::compiler
