// file BIFs for ordinary scripts: read_file/1, write_file/2, list_dir/1, get_cwd/0,
// make_dir/1, del_dir/1, delete/1. Results
// and error reasons are erl's ({ok, Binary}, ok, {ok, Names}, {error, enoent}, ...).
//
// Code that a peer spawned on this node (Process::spawnedByPeer, inherited by what
// it spawns) gets {error, eacces}: shipping code to a node must not give it the
// node's files. Local programs (`pfun run`, the repl, a node's own processes) have
// the host process's access.
#include "bif_util.h"
#include "chars.h"
#include "term_text.h"

#include "pfun/vm/binary.h"
#include "pfun/vm/construct.h"

#include <cerrno>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>

namespace pfun::stdlib::detail {

using vm::Process;
using vm::Term;

namespace {

// A file name: a binary (raw bytes), an atom, or a possibly deep list of characters
// and atoms (UTF-8 encoded). False for anything else or a name holding NUL.
bool fileName(Process& p, Term t, std::string& out) {
    if (vm::isBinaryTerm(t)) {
        out = bitstringBytes(t).bytes;
    } else if (t.isAtom()) {
        out = encodeUtf8(atomChars(p.runtime().atoms(), t));
    } else if (t.isListOrNil()) {
        Chars cs;
        std::vector<Term> stack{t};
        while (!stack.empty()) {
            Term l = stack.back();
            stack.pop_back();
            for (; l.isList(); l = l.tail()) {
                Term h = l.head();
                if (h.isSmall() && h.small() >= 0 && h.small() <= 0x10FFFF) {
                    cs.push_back(static_cast<char32_t>(h.small()));
                } else if (h.isAtom()) {
                    cs += atomChars(p.runtime().atoms(), h);
                } else if (h.isListOrNil()) {
                    stack.push_back(l.tail());
                    stack.push_back(h);
                    l = Term::nil();
                    break;
                } else {
                    return false;
                }
            }
            if (!l.isNil()) return false;
        }
        out = encodeUtf8(cs);
    } else {
        return false;
    }
    return out.find('\0') == std::string::npos;
}

const char* errnoName(int e) {
    switch (e) {
    case ENOENT: return "enoent";
    case EACCES: return "eacces";
    case EPERM: return "eperm";
    case EISDIR: return "eisdir";
    case ENOTDIR: return "enotdir";
    case EEXIST: return "eexist";
    case ENOSPC: return "enospc";
    case EROFS: return "erofs";
    case ENAMETOOLONG: return "enametoolong";
    case ELOOP: return "eloop";
    case EMFILE: return "emfile";
    case ENFILE: return "enfile";
    case EBUSY: return "ebusy";
    case EINVAL: return "einval";
    case EFBIG: return "efbig";
    case ENOMEM: return "enomem";
    case ENOTEMPTY: return "eexist"; // as erl reports a non-empty directory
    case EXDEV: return "exdev";
    default: return "eio";
    }
}

Term errorResult(Process& p, const char* reason) {
    return vm::makeTuple(p.heap(), {atom(p, "error"), atom(p, reason)});
}

struct Fd {
    int fd;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

Term readFile(Process& p, const Term* a) {
    std::string name;
    if (!fileName(p, a[0], name)) return p.badarg();
    if (p.spawnedByPeer) return errorResult(p, "eacces");
    Fd f{::open(name.c_str(), O_RDONLY | O_CLOEXEC)};
    if (f.fd < 0) return errorResult(p, errnoName(errno));
    struct stat st {};
    if (::fstat(f.fd, &st) != 0) return errorResult(p, errnoName(errno));
    if (S_ISDIR(st.st_mode)) return errorResult(p, "eisdir");
    std::string data;
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(f.fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errorResult(p, errnoName(errno));
        }
        if (n == 0) break;
        data.append(buf, static_cast<size_t>(n));
    }
    Term bin = vm::makeBinary(p.heap(), reinterpret_cast<const uint8_t*>(data.data()), data.size());
    return vm::makeTuple(p.heap(), {atom(p, "ok"), bin});
}

Term writeFile(Process& p, const Term* a) {
    std::string name, data;
    if (!fileName(p, a[0], name) || !collectIolist(a[1], data)) return p.badarg();
    if (p.spawnedByPeer) return errorResult(p, "eacces");
    Fd f{::open(name.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)};
    if (f.fd < 0) return errorResult(p, errnoName(errno));
    size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(f.fd, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errorResult(p, errnoName(errno));
        }
        done += static_cast<size_t>(n);
    }
    int fd = f.fd;
    f.fd = -1;
    if (::close(fd) != 0) return errorResult(p, errnoName(errno));
    return atom(p, "ok");
}

Term listDir(Process& p, const Term* a) {
    std::string name;
    if (!fileName(p, a[0], name)) return p.badarg();
    if (p.spawnedByPeer) return errorResult(p, "eacces");
    std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir(name.c_str()), ::closedir);
    if (!dir) return errorResult(p, errnoName(errno));
    std::vector<std::string> names;
    while (dirent* e = ::readdir(dir.get())) {
        std::string_view n = e->d_name;
        if (n != "." && n != "..") names.emplace_back(n);
    }
    Term list = Term::nil();
    for (auto it = names.rbegin(); it != names.rend(); ++it)
        list = vm::makeCons(p.heap(), vm::makeCharListFromUtf8(p.heap(), *it), list);
    return vm::makeTuple(p.heap(), {atom(p, "ok"), list});
}

Term getCwd(Process& p, const Term*) {
    if (p.spawnedByPeer) return errorResult(p, "eacces");
    std::string buf(4096, '\0');
    if (!::getcwd(buf.data(), buf.size())) return errorResult(p, errnoName(errno));
    buf.resize(std::char_traits<char>::length(buf.data()));
    return vm::makeTuple(p.heap(), {atom(p, "ok"), vm::makeCharListFromUtf8(p.heap(), buf)});
}

// make_dir/1, del_dir/1, delete/1: ok or {error, Reason}.
template <int (*Op)(const char*)>
Term pathOp(Process& p, const Term* a) {
    std::string name;
    if (!fileName(p, a[0], name)) return p.badarg();
    if (p.spawnedByPeer) return errorResult(p, "eacces");
    if (Op(name.c_str()) != 0) return errorResult(p, errnoName(errno));
    return atom(p, "ok");
}
int makeDir(const char* path) {
    return ::mkdir(path, 0777);
}
int delDir(const char* path) {
    return ::rmdir(path);
}
int deleteFile(const char* path) {
    return ::unlink(path);
}

constexpr BifSpec kFileBifs[] = {
    {"file", "make_dir", 1, pathOp<makeDir>},  {"file", "del_dir", 1, pathOp<delDir>},
    {"file", "delete", 1, pathOp<deleteFile>}, {"file", "get_cwd", 0, getCwd},
    {"file", "read_file", 1, readFile},        {"file", "write_file", 2, writeFile},
    {"file", "list_dir", 1, listDir},
};

} // namespace

void registerFileBifs(vm::Runtime& rt) {
    registerTable(rt, kFileBifs);
}

} // namespace pfun::stdlib::detail
