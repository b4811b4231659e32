// Readable listings of compiled code (pfun disasm) and literal printing for them.
#include "codegen.h"

#include <bit>
#include <cstdio>

namespace pfun::compiler {

using vm::Operand;
using vm::Term;

static void formatInto(std::string& out, Term t, const vm::AtomTable& atoms, int depth) {
    if (depth > 20) {
        out += "...";
        return;
    }
    if (t.isSmall()) {
        out += std::to_string(t.small());
    } else if (t.isAtom()) {
        const std::string& n = atoms.name(t);
        bool plain = !n.empty() && n[0] >= 'a' && n[0] <= 'z';
        for (char c : n)
            if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '@'))
                plain = false;
        if (plain) {
            out += n;
        } else {
            out += '\'';
            for (char c : n) {
                if (c == '\'' || c == '\\') out += '\\';
                out += c;
            }
            out += '\'';
        }
    } else if (t.isNil()) {
        out += "[]";
    } else if (t.isList()) {
        // Printable strings as "..." for readability.
        bool printable = true;
        size_t n = 0;
        for (Term p = t; p.isList(); p = p.tail(), ++n) {
            Term h = p.head();
            if (!h.isSmall() || h.small() < 32 || h.small() > 126) printable = false;
            if (!p.tail().isList() && !p.tail().isNil()) printable = false;
        }
        if (printable) {
            out += '"';
            for (Term p = t; p.isList(); p = p.tail()) {
                char c = char(p.head().small());
                if (c == '"' || c == '\\') out += '\\';
                out += c;
            }
            out += '"';
            return;
        }
        out += '[';
        Term p = t;
        bool first = true;
        while (p.isList()) {
            if (!first) out += ',';
            first = false;
            formatInto(out, p.head(), atoms, depth + 1);
            p = p.tail();
        }
        if (!p.isNil()) {
            out += '|';
            formatInto(out, p, atoms, depth + 1);
        }
        out += ']';
    } else if (t.isBoxed()) {
        switch (t.boxKind()) {
        case vm::BoxKind::Tuple:
            out += '{';
            for (uint64_t i = 0; i < t.tupleArity(); ++i) {
                if (i) out += ',';
                formatInto(out, t.element(i), atoms, depth + 1);
            }
            out += '}';
            break;
        case vm::BoxKind::Float: {
            char buf[64];
            std::snprintf(buf, sizeof buf, "%.17g", t.floatValue());
            out += buf;
            break;
        }
        case vm::BoxKind::PosBig:
        case vm::BoxKind::NegBig: {
            // Decimal by repeated division of the limbs by 10^18.
            std::vector<uint64_t> limbs;
            uint64_t n = t.boxedPtr()[0].headerArity();
            for (uint64_t i = 0; i < n; ++i)
                limbs.push_back(t.boxedPtr()[1 + i].raw());
            std::string digits;
            while (!limbs.empty()) {
                unsigned __int128 rem = 0;
                for (size_t i = limbs.size(); i-- > 0;) {
                    unsigned __int128 cur = (rem << 64) | limbs[i];
                    limbs[i] = uint64_t(cur / 1000000000000000000ull);
                    rem = cur % 1000000000000000000ull;
                }
                while (!limbs.empty() && limbs.back() == 0)
                    limbs.pop_back();
                std::string chunk = std::to_string(uint64_t(rem));
                if (!limbs.empty()) chunk.insert(0, 18 - chunk.size(), '0');
                digits.insert(0, chunk);
            }
            if (t.boxKind() == vm::BoxKind::NegBig) out += '-';
            out += digits.empty() ? "0" : digits;
            break;
        }
        case vm::BoxKind::Export: {
            out += "fun ";
            formatInto(out, t.boxedPtr()[1], atoms, depth + 1);
            out += ':';
            formatInto(out, t.boxedPtr()[2], atoms, depth + 1);
            out += '/';
            formatInto(out, t.boxedPtr()[3], atoms, depth + 1);
            break;
        }
        case vm::BoxKind::HeapBin: {
            uint64_t bits = t.boxedPtr()[1].raw();
            const auto* bytes = reinterpret_cast<const unsigned char*>(t.boxedPtr() + 2);
            out += "<<";
            for (uint64_t i = 0; i < bits / 8; ++i) {
                if (i) out += ',';
                out += std::to_string(bytes[i]);
            }
            out += ">>";
            break;
        }
        default: out += "#<term>"; break;
        }
    } else {
        out += "#<term>";
    }
}

std::string formatLiteral(Term t, const vm::AtomTable& atoms) {
    std::string out;
    formatInto(out, t, atoms, 0);
    return out;
}

static const char* kTypeTestNames[] = {
    "integer", "float",     "number", "atom",     "boolean", "tuple",     "list", "cons",  "nil",
    "binary",  "bitstring", "map",    "function", "pid",     "reference", "port", "record"};
static const char* kCmpNames[] = {"=:=", "=/=", "==", "/=", "<", "=<", ">", ">="};
static const char* kErrorNames[] = {"badmatch",   "case_clause",     "if_clause",
                                    "try_clause", "function_clause", "badarg"};

const char* typeTestName(vm::TypeTest t) {
    size_t i = size_t(t);
    return i < std::size(kTypeTestNames) ? kTypeTestNames[i] : "?";
}

static std::string targetName(const vm::CallTarget* t, const vm::AtomTable& atoms) {
    if (!t) return "?";
    return formatLiteral(t->module, atoms) + ":" + formatLiteral(t->name, atoms) + "/" +
           std::to_string(t->arity);
}

std::string disassembleFunction(const vm::FunctionCode& fn, const vm::AtomTable& atoms) {
    std::string out;
    std::string name = formatLiteral(fn.name, atoms);
    out += name + "/" + std::to_string(fn.arity) + "  (frame " + std::to_string(fn.frameSize);
    if (fn.lambdaIndex >= 0) out += ", lambda " + std::to_string(fn.lambdaIndex);
    out += ")\n";
    uint32_t pc = 0;
    uint32_t lastLine = 0;
    while (pc < fn.code.size()) {
        uint32_t w = fn.code[pc];
        auto op = vm::decodeOp(w);
        if (size_t(op) >= size_t(vm::Opcode::Count)) {
            out += "  " + std::to_string(pc) + "  <bad opcode>\n";
            break;
        }
        const vm::OpcodeInfo& info = vm::opcodeInfo(op);
        uint32_t line = fn.lineAt(pc);
        char head[48];
        std::snprintf(head, sizeof head, "  %4u  ", pc);
        std::string text = head;
        text += info.name;
        text.append(text.size() < 22 ? 22 - text.size() : 1, ' ');
        std::vector<std::string> ops;
        uint32_t fields[3] = {vm::decodeA(w), vm::decodeB(w), vm::decodeC(w)};
        Operand kinds[3] = {info.a, info.b, info.c};
        auto fmtSmall = [&](Operand k, uint32_t v, size_t field) -> std::string {
            switch (k) {
            case Operand::R: return "R" + std::to_string(v);
            case Operand::S: return std::to_string(vm::decodeSC(w));
            case Operand::U:
                if (op == vm::Opcode::TEST_TYPE && field == 1) return typeTestName(vm::TypeTest(v));
                if ((op == vm::Opcode::TEST_CMP) && field == 2 && v < std::size(kCmpNames))
                    return kCmpNames[v];
                if (op == vm::Opcode::ERROR && field == 1 && v < std::size(kErrorNames))
                    return kErrorNames[v];
                return std::to_string(v);
            default: return std::to_string(v);
            }
        };
        for (size_t i = 0; i < 3; ++i)
            if (kinds[i] != Operand::None) ops.push_back(fmtSmall(kinds[i], fields[i], i));
        for (uint32_t i = 0; i < info.wordCount; ++i) {
            uint32_t v = pc + 1 + i < fn.code.size() ? fn.code[pc + 1 + i] : 0;
            switch (info.words[i]) {
            case Operand::K:
                ops.push_back(v < fn.literals.size() ? formatLiteral(fn.literals[v], atoms)
                                                     : "K?" + std::to_string(v));
                break;
            case Operand::I: ops.push_back(std::to_string(int32_t(v))); break;
            case Operand::J:
                ops.push_back(v == 0 ? "raise" : "->" + std::to_string(int64_t(pc) + int32_t(v)));
                break;
            case Operand::F:
                ops.push_back(v < fn.targets.size() ? targetName(fn.targets[v], atoms) : "F?");
                break;
            case Operand::B:
                if (v < fn.bifs.size() && fn.bifs[v]) {
                    const vm::BifEntry* b = fn.bifs[v];
                    ops.push_back("bif " + formatLiteral(b->module, atoms) + ":" +
                                  formatLiteral(b->name, atoms) + "/" + std::to_string(b->arity));
                } else if (fn.bifs.empty() && v < fn.bifNames.size()) {
                    // Not linked yet (a module read from a .pfb file): BIFs by name.
                    const vm::BifName& b = fn.bifNames[v];
                    ops.push_back("bif " + formatLiteral(b.module, atoms) + ":" +
                                  formatLiteral(b.name, atoms) + "/" + std::to_string(b.arity));
                } else {
                    ops.push_back("B?" + std::to_string(v));
                }
                break;
            case Operand::L: ops.push_back("lambda " + std::to_string(v)); break;
            case Operand::T: {
                std::string t = "[";
                if (v < fn.tables.size()) {
                    const vm::JumpTable& jt = fn.tables[v];
                    for (size_t j = 0; j < jt.values.size(); ++j) {
                        if (j) t += ", ";
                        t += formatLiteral(jt.values[j], atoms) + "->" +
                             std::to_string(int64_t(pc) + jt.targets[j]);
                    }
                }
                ops.push_back(t + "]");
                break;
            }
            case Operand::N:
                if (op == vm::Opcode::CMP)
                    ops.push_back(v < std::size(kCmpNames) ? kCmpNames[v] : std::to_string(v));
                else
                    ops.push_back(std::to_string(v));
                break;
            case Operand::U:
                if ((op == vm::Opcode::CMP || op == vm::Opcode::CMPI) && v < std::size(kCmpNames)) {
                    ops.push_back(kCmpNames[v]);
                    break;
                }
                ops.push_back(std::to_string(v));
                break;
            default: ops.push_back(std::to_string(v)); break;
            }
        }
        for (size_t i = 0; i < ops.size(); ++i)
            text += (i ? ", " : "") + ops[i];
        if (line != lastLine && line != 0) {
            text.append(text.size() < 60 ? 60 - text.size() : 1, ' ');
            text += "% line " + std::to_string(line);
            lastLine = line;
        }
        out += text + "\n";
        pc += vm::instructionLength(op);
    }
    return out;
}

std::string disassemble(const vm::ModuleCode& module, const vm::AtomTable& atoms) {
    std::string out = "module " + formatLiteral(module.name, atoms) + "\n";
    out += "exports:";
    for (uint32_t i : module.exports) {
        const vm::FunctionCode& f = *module.functions[i];
        out += " " + formatLiteral(f.name, atoms) + "/" + std::to_string(f.arity);
    }
    out += "\n";
    for (const auto& fe : module.lambdas)
        out += "lambda " + std::to_string(fe->index) + ": " + fe->name + " arity " +
               std::to_string(fe->arity) + " free " + std::to_string(fe->numFree) +
               (fe->portable ? " portable" : "") + "\n";
    for (const auto& f : module.functions)
        out += "\n" + disassembleFunction(*f, atoms);
    return out;
}

} // namespace pfun::compiler
