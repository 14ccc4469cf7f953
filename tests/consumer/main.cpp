// Uses the installed library through its umbrella header: exact money arithmetic and a formula
// evaluated by the compiled grammar. Prints one line that the test checks.
#include <kisoku/kisoku.hpp>

#include <iostream>

int main() {
    kisoku::Money grant = kisoku::round(kisoku::Money(900000) * kisoku::Number::ratio(2, 3), kisoku::RoundingMode::down);
    kisoku::CalcResult formula = kisoku::calculate("round_down(1234567円 * 1/2, 1000円)");
    if (!formula.value) return 1;
    std::cout << grant.to_display_string() << " " << formula.value->to_string() << "\n";
    return 0;
}
