// Uses the installed library through its umbrella header: exact money arithmetic, a formula
// evaluated by the compiled grammar, and a program decided with the C++ generated from it at build
// time. Prints two lines that the test checks.
#include <kisoku/kisoku.hpp>

#include "grant_rules.hpp"

#include <iostream>

int main() {
    kisoku::Money grant = kisoku::round(kisoku::Money(900000) * kisoku::Number::ratio(2, 3), kisoku::RoundingMode::down);
    kisoku::CalcResult formula = kisoku::calculate("round_down(1234567円 * 1/2, 1000円)");
    if (!formula.value) return 1;
    std::cout << grant.to_display_string() << " " << formula.value->to_string() << "\n";

    auto loaded = kisoku::load_rules(GRANT_RULES);
    if (!loaded.rules) return 2;
    kisoku::eval::Program const& program = *loaded.rules->years.front();
    kisoku::eval::ApplicationBuilder builder(program);
    kisoku::eval::Application app;
    auto errors = kisoku::eval::bind_json(builder, R"({"経費": [{"金額": 150000, "対象": true}, {"金額": 9000, "対象": false}], "市内": true})", app);
    if (!errors.empty()) return 3;
    kisoku::eval::Evaluator evaluator(program);
    bool const accepted = evaluator.set_native(&consumer::grant::rules);
    evaluator.run(app);
    std::cout << (accepted ? "generated" : "refused") << " " << (evaluator.ineligible() ? "ineligible" : "eligible") << " "
              << evaluator.amount(0).number().to_string() << " " << evaluator.native_decided() << "\n";
    return 0;
}
