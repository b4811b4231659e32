// The front-end pipeline in one place: lex -> preprocess -> parse (-> lint, lint.cpp).
#include "pfun/compiler/frontend.h"

#include "lexer.h"
#include "parser.h"
#include "preprocessor.h"

namespace pfun::compiler {

std::optional<Module> parseModule(std::string_view source, std::string_view fileName,
                                  Diagnostics& diags) {
    std::vector<Token> tokens = lex(source, diags);
    tokens = preprocess(std::move(tokens), fileName, diags);
    return parseTokens(tokens, fileName, diags);
}

std::optional<ExprList> parseExpressions(std::string_view source, Diagnostics& diags) {
    std::vector<Token> tokens = lex(source, diags);
    if (diags.hasErrors()) return std::nullopt;
    return parseExprTokens(tokens, diags);
}

} // namespace pfun::compiler
