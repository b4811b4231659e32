#include "pfun/vm/distribution.h"

namespace pfun::vm {

namespace {
// Cork state of the calling thread (see Distribution::cork).
thread_local int tCorkDepth = 0;
thread_local bool tHeld = false;
} // namespace

void Distribution::cork() {
    ++tCorkDepth;
}

void Distribution::uncork() {
    if (--tCorkDepth > 0 || !tHeld) return;
    tHeld = false;
    std::shared_lock lock(routerMutex_);
    if (router_) router_->flushCorked();
}

bool Distribution::corked() {
    return tCorkDepth > 0;
}

void Distribution::heldForFlush() {
    tHeld = true;
}

Distribution::Distribution() : nodeName_(atoms::kNonode.raw()) {}

void Distribution::setRouter(RemoteRouter* router) {
    std::unique_lock lock(routerMutex_);
    router_ = router;
}

bool Distribution::routeSignal(Term to, Signal&& s) {
    std::shared_lock lock(routerMutex_);
    if (!router_) return false;
    return router_->routeSignal(to, std::move(s));
}

void Distribution::routeMessage(Term to, Term from, Term msg) {
    std::shared_lock lock(routerMutex_);
    if (router_) router_->routeMessage(to, from, msg);
}

void Distribution::routeNamed(Term name, Term node, Term from, Term msg) {
    std::shared_lock lock(routerMutex_);
    if (router_) router_->routeNamed(name, node, from, msg);
}

bool Distribution::routeMessageMayPark(Term to, Term from, Term msg) {
    std::shared_lock lock(routerMutex_);
    return router_ && router_->routeMessageMayPark(to, from, msg);
}

bool Distribution::routeNamedMayPark(Term name, Term node, Term from, Term msg) {
    std::shared_lock lock(routerMutex_);
    return router_ && router_->routeNamedMayPark(name, node, from, msg);
}

Term Distribution::remotePid(Term node, uint32_t id, uint32_t serial) {
    Key key{node.raw(), uint64_t(id) | (uint64_t(serial) << 32)};
    std::lock_guard lock(pidsMutex_);
    auto it = pids_.find(key);
    if (it != pids_.end()) return it->second;
    std::array<Term, 4>& box = storage_.emplace_back();
    box[0] = Term::makeHeader(BoxKind::ExtPid, 3);
    box[1] = node;
    box[2] = Term::fromRaw(id);
    box[3] = Term::fromRaw(serial);
    Term t = Term::makeBoxed(box.data());
    pids_.emplace(key, t);
    return t;
}

Term Distribution::canonicalPid(Term pid) {
    if (!pid.isBoxKind(BoxKind::ExtPid)) return pid;
    const Term* p = pid.boxedPtr();
    return remotePid(p[1], uint32_t(p[2].raw()), uint32_t(p[3].raw()));
}

} // namespace pfun::vm
