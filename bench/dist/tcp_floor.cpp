// The physical floor for a remote round trip: two processes exchanging a fixed-size
// message over TCP on 127.0.0.1 (TCP_NODELAY, blocking sockets, no framing beyond
// the fixed size), as many round trips as asked. What no distributed runtime on this
// machine can beat; bench/dist.sh prints it beside pfun and erl.
//
// usage: pfun_tcp_floor ROUND_TRIPS BYTES
// prints: round_trips=N bytes=B us_per_round_trip=X
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace {

bool exact(int fd, char* p, size_t n, bool reading) {
    while (n > 0) {
        ssize_t k = reading ? ::read(fd, p, n) : ::write(fd, p, n);
        if (k <= 0) return false;
        p += k;
        n -= size_t(k);
    }
    return true;
}

void noDelay(int fd) {
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s ROUND_TRIPS BYTES\n", argv[0]);
        return 2;
    }
    long trips = std::atol(argv[1]);
    size_t bytes = size_t(std::atol(argv[2]));
    if (trips <= 0 || bytes == 0) return 2;

    int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (listener < 0 || ::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listener, 1) != 0 ||
        ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        std::perror("listen");
        return 1;
    }
    std::vector<char> buf(bytes, 'x');
    pid_t child = ::fork();
    if (child == 0) { // the echo side
        int fd = ::accept(listener, nullptr, nullptr);
        noDelay(fd);
        while (exact(fd, buf.data(), bytes, true) && exact(fd, buf.data(), bytes, false)) {
        }
        ::_exit(0);
    }
    ::close(listener);
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        std::perror("connect");
        return 1;
    }
    noDelay(fd);
    // Warm up, then time.
    for (int i = 0; i < 1000; ++i)
        if (!exact(fd, buf.data(), bytes, false) || !exact(fd, buf.data(), bytes, true)) return 1;
    auto t0 = std::chrono::steady_clock::now();
    for (long i = 0; i < trips; ++i)
        if (!exact(fd, buf.data(), bytes, false) || !exact(fd, buf.data(), bytes, true)) return 1;
    auto t1 = std::chrono::steady_clock::now();
    ::close(fd);
    ::waitpid(child, nullptr, 0);
    double us = std::chrono::duration<double, std::micro>(t1 - t0).count() / double(trips);
    std::printf("round_trips=%ld bytes=%zu us_per_round_trip=%.2f\n", trips, bytes, us);
    return 0;
}
