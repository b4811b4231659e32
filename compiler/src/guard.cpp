// Guards: tests that jump to a failure label instead of producing booleans.
//
// While a guard is compiled, FunctionGen::guardFail holds the label of the current
// alternative's failure, so arithmetic and BIFs inside it jump there instead of
// raising: an exception in a guard is a failed guard.
#include "codegen.h"
#include "pfun/compiler/erlang_builtins.h"

namespace pfun::compiler {

void FunctionGen::guardSeq(const std::vector<ExprList>& guards, Env& env, Label fail) {
    if (guards.empty()) return;
    Label ok = guards.size() > 1 ? as.newLabel() : kRaise;
    for (size_t i = 0; i < guards.size(); ++i) {
        bool last = i + 1 == guards.size();
        Label next = last ? fail : as.newLabel();
        Reg saved = top;
        Env scratch = env;
        for (const auto& test : guards[i])
            guardTest(*test, scratch, next);
        top = saved;
        if (!last) {
            as.jump(ok);
            as.bind(next);
        }
    }
    if (ok != kRaise) as.bind(ok);
}

void FunctionGen::guardTest(const Expr& e, Env& env, Label fail) {
    Label prev = guardFail;
    guardFail = fail;
    Reg saved = top;
    setLine(e.loc);
    switch (e.kind) {
    case ExprKind::Atom:
        if (e.text != "true") as.jump(fail);
        break;
    case ExprKind::AndAlso:
        guardTest(*e.kids[0], env, fail);
        guardTest(*e.kids[1], env, fail);
        break;
    case ExprKind::OrElse: {
        Label second = as.newLabel(), ok = as.newLabel();
        guardTest(*e.kids[0], env, second);
        as.jump(ok);
        as.bind(second);
        guardTest(*e.kids[1], env, fail);
        as.bind(ok);
        break;
    }
    case ExprKind::BinOp:
        if (auto cmp = cmpKindFor(e.text)) {
            Reg a = exprAny(*e.kids[0], env);
            Reg b = exprAny(*e.kids[1], env);
            as.emit(Opcode::TEST_CMP, a, b, uint32_t(*cmp), {Word::label(fail)});
            break;
        }
        if (e.text == "and") {
            guardTest(*e.kids[0], env, fail);
            guardTest(*e.kids[1], env, fail);
            break;
        }
        goto generic;
    case ExprKind::UnaryOp:
        if (e.text == "not") {
            Reg v = exprAny(*e.kids[0], env);
            as.emit(Opcode::TEST_EQ_K, v, 0, 0,
                    {Word::val(as.literal(vm::atoms::kFalse)), Word::label(fail)});
            break;
        }
        goto generic;
    case ExprKind::Call: {
        // Type tests: is_integer(X) or erlang:is_integer(X).
        std::string_view name;
        size_t firstArg = 0;
        if (!e.remote && !e.text.empty() && !m.localFunction(e.text, uint32_t(e.kids.size()))) {
            name = e.text;
        } else if (e.remote && e.kids.size() >= 2 && e.kids[0]->kind == ExprKind::Atom &&
                   e.kids[0]->text == "erlang" && e.kids[1]->kind == ExprKind::Atom) {
            name = e.kids[1]->text;
            firstArg = 2;
        }
        if (!name.empty() && e.kids.size() == firstArg + 1) {
            if (auto t = typeTestFor(name, 1)) {
                Reg v = exprAny(*e.kids[firstArg], env);
                as.emit(Opcode::TEST_TYPE, v, uint32_t(*t), 0, {Word::label(fail)});
                break;
            }
        }
        goto generic;
    }
    default:
    generic : {
        if (auto c = constant(e)) {
            if (*c != vm::atoms::kTrue) as.jump(fail);
            break;
        }
        Reg v = exprAny(e, env);
        as.emit(Opcode::TEST_EQ_K, v, 0, 0,
                {Word::val(as.literal(vm::atoms::kTrue)), Word::label(fail)});
        break;
    }
    }
    top = saved;
    guardFail = prev;
}

} // namespace pfun::compiler
