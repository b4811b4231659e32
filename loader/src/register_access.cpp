// Which registers each instruction reads and writes (register_access.h).
#include "pfun/loader/register_access.h"

namespace pfun::loader {

using vm::Opcode;

RegisterAccess registerAccess(const vm::FunctionCode& fn, const vm::ModuleCode* module,
                              uint32_t pc) {
    const uint32_t w = fn.code[pc];
    const Opcode op = vm::decodeOp(w);
    const uint32_t a = vm::decodeA(w), b = vm::decodeB(w), c = vm::decodeC(w);
    const uint32_t* words = fn.code.data() + pc + 1;
    RegisterAccess x;
    switch (op) {
    case Opcode::MOVE:
    case Opcode::GET_ELEM:
    case Opcode::GET_HD:
    case Opcode::GET_TL:
    case Opcode::ADDI:
    case Opcode::MULI:
    case Opcode::REMI:
    case Opcode::CMPI:
    case Opcode::NEG:
    case Opcode::BNOT:
    case Opcode::NOT:
    case Opcode::BS_START:
    case Opcode::BS_REST:
        x.read(b);
        x.write(a);
        break;
    case Opcode::LOADK:
    case Opcode::LOADI:
    case Opcode::LOADNIL:
    case Opcode::SPILL_NEW:
    case Opcode::RECV_PEEK: x.write(a); break;
    case Opcode::SPILL_PUT:
    case Opcode::HOLE_PUT:
    case Opcode::HOLE_RETURN:
        x.read(a);
        x.read(b);
        break;
    case Opcode::HOLE_NEW: x.write(a); break;
    case Opcode::SWAP:
        x.read(a);
        x.read(b);
        x.write(a);
        x.write(b);
        break;
    case Opcode::CONS:
    case Opcode::MAP_GET:
    case Opcode::ADD:
    case Opcode::SUB:
    case Opcode::MUL:
    case Opcode::FDIV:
    case Opcode::IDIV:
    case Opcode::REM:
    case Opcode::BAND:
    case Opcode::BOR:
    case Opcode::BXOR:
    case Opcode::BSL:
    case Opcode::BSR:
    case Opcode::CMP:
        x.read(b);
        x.read(c);
        x.write(a);
        break;
    case Opcode::TUPLE:
        x.read(b, c);
        x.write(a);
        break;
    case Opcode::MAKE_FUN: {
        uint32_t nfree = module && words[0] < module->lambdas.size() && module->lambdas[words[0]]
                             ? module->lambdas[words[0]]->numFree
                             : 0;
        x.read(b, nfree);
        x.write(a);
        break;
    }
    case Opcode::MAP_NEW:
        x.read(b, 2 * c);
        x.write(a);
        break;
    case Opcode::MAP_PUT:
    case Opcode::MAP_UPDATE:
        x.read(b);
        x.read(c, 2 * words[0]);
        x.write(a);
        break;
    case Opcode::GET_LIST:
    case Opcode::TEST_GET_LIST:
        x.read(c);
        x.write(a);
        x.write(b);
        break;
    case Opcode::TEST_TYPE:
    case Opcode::TEST_ARITY:
    case Opcode::TEST_EQ_K:
    case Opcode::TEST_NE_K:
    case Opcode::SELECT_VAL:
    case Opcode::SELECT_ARITY:
    case Opcode::RETURN:
    case Opcode::BS_TEST_TAIL:
    case Opcode::RECV_WAIT: x.read(a); break;
    case Opcode::TEST_CMP:
        x.read(a);
        x.read(b);
        break;
    case Opcode::CALL:
        x.read(a, b);
        x.write(a);
        x.call = true;
        break;
    case Opcode::TAILCALL: x.read(a, b); break;
    case Opcode::CALL_FUN:
    case Opcode::APPLY:
    case Opcode::APPLY_LIST:
    case Opcode::APPLY_FUN_LIST:
        x.read(a, op == Opcode::CALL_FUN     ? b + 1
                  : op == Opcode::APPLY      ? b + 2
                  : op == Opcode::APPLY_LIST ? 3
                                             : 2);
        x.write(a);
        x.call = true;
        break;
    case Opcode::CALL_FUN1:
        x.read(b);
        x.read(c);
        x.write(a);
        x.call = true;
        break;
    case Opcode::TAILCALL_FUN: x.read(a, b + 1); break;
    case Opcode::TAILAPPLY: x.read(a, b + 2); break;
    case Opcode::TAILAPPLY_LIST: x.read(a, 3); break;
    case Opcode::TAILAPPLY_FUN_LIST: x.read(a, 2); break;
    case Opcode::BIF:
        x.read(b, c);
        x.write(a);
        break;
    case Opcode::RAISE:
        x.read(a);
        x.read(b);
        x.read(c);
        break;
    case Opcode::ERROR:
        switch (vm::ErrorKind(b)) {
        case vm::ErrorKind::Badmatch:
        case vm::ErrorKind::CaseClause:
        case vm::ErrorKind::TryClause: x.read(a); break;
        case vm::ErrorKind::FunctionClause: x.read(0, fn.arity); break;
        default: break;
        }
        break;
    case Opcode::BS_BUILD:
        x.read(b, 2 * c);
        x.write(a);
        break;
    case Opcode::BS_GET:
        x.read(b);
        x.read(c);
        x.write(a);
        x.write(b);
        break;
    // TRY and CATCH write their registers at the handler, not here.
    case Opcode::TRY:
    case Opcode::CATCH:
    case Opcode::TRY_END:
    case Opcode::JUMP:
    case Opcode::RECV_NEXT:
    case Opcode::RECV_ACCEPT:
    case Opcode::Count: break;
    }
    return x;
}

bool endsFlow(Opcode op) {
    switch (op) {
    case Opcode::RETURN:
    case Opcode::JUMP:
    case Opcode::TAILCALL:
    case Opcode::TAILCALL_FUN:
    case Opcode::TAILAPPLY:
    case Opcode::TAILAPPLY_LIST:
    case Opcode::TAILAPPLY_FUN_LIST:
    case Opcode::RAISE:
    case Opcode::ERROR:
    case Opcode::RECV_NEXT:
    case Opcode::HOLE_RETURN: return true;
    default: return false;
    }
}

} // namespace pfun::loader
