// fuzz/calc_fuzzer.cpp — any text as a `kisoku calc` expression: a value or diagnostics, never
// an exception, a crash or a hang.
#include "kisoku/calc.hpp"
#include "kisoku/diagnostic.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string text(reinterpret_cast<char const*>(data), size);
    auto result = kisoku::calculate(text, "<fuzz>", 1);
    if (result.value) {
        (void)result.value->to_string();
        (void)result.value->to_display_string();
    } else {
        for (auto const& d : result.diagnostics) (void)kisoku::render(d, *result.source, kisoku::Language::en);
    }
    return 0;
}
