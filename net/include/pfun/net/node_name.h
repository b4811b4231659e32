// Node names: `name@host:port`, an atom everywhere a program sees it.
//
// The port is part of the name, so a node is reached from its name alone and no port
// mapper is needed (DESIGN.md §5). `name` is letters, digits, `_`, `-` and `.`;
// `host` is a host name or an IPv4 address; `port` is 0..65535, where 0 (only when
// starting a node) means "pick a free port", and the node's name then carries the
// port it got.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pfun::net {

struct NodeName {
    std::string name;
    std::string host;
    uint16_t port = 0;

    std::string text() const;
};

// The parts of `text`, or nullopt (with a reason in *error) when it is not a node
// name.
std::optional<NodeName> parseNodeName(std::string_view text, std::string* error = nullptr);

} // namespace pfun::net
