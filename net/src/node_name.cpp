#include "pfun/net/node_name.h"

#include <charconv>

namespace pfun::net {

std::string NodeName::text() const {
    return name + "@" + host + ":" + std::to_string(port);
}

std::optional<NodeName> parseNodeName(std::string_view text, std::string* error) {
    auto fail = [&](const char* why) -> std::optional<NodeName> {
        if (error) *error = std::string("bad node name '") + std::string(text) + "': " + why;
        return std::nullopt;
    };
    size_t at = text.find('@');
    if (at == std::string_view::npos) return fail("expected name@host:port");
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos || colon < at) return fail("expected name@host:port");
    NodeName n;
    n.name = std::string(text.substr(0, at));
    n.host = std::string(text.substr(at + 1, colon - at - 1));
    std::string_view port = text.substr(colon + 1);
    if (n.name.empty()) return fail("empty name before '@'");
    for (char c : n.name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '.';
        if (!ok) return fail("the name may hold letters, digits, '_', '-' and '.'");
    }
    if (n.host.empty()) return fail("empty host");
    for (char c : n.host) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '.';
        if (!ok) return fail("the host may hold letters, digits, '-' and '.'");
    }
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value > 65535)
        return fail("the port must be a number from 0 to 65535");
    n.port = uint16_t(value);
    return n;
}

} // namespace pfun::net
