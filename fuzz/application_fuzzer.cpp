// fuzz/application_fuzzer.cpp — any text as a JSON application, bound and evaluated against each
// of the programs kisoku ships (rules/), with the decision rendered as JSON and text. Input
// errors are expected answers; an exception, a crash, a leak or a hang is a failure.
#include "kisoku/rules.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace {

struct Programs {
    std::vector<kisoku::Rules> rules;
    Programs() {
        char const* dir = std::getenv("KISOKU_RULES_DIR");
        std::string root = dir ? dir : KISOKU_DEFAULT_RULES_DIR;
        for (char const* program : {"/ktq/dxlab", "/ktq/dx-suishin", "/ktq/robot"}) {
            auto loaded = kisoku::load_rules(root + program);
            if (!loaded.rules) {
                std::fputs(loaded.render(kisoku::Language::en).c_str(), stderr);
                std::abort();
            }
            rules.push_back(std::move(*loaded.rules));
        }
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    static Programs const programs;
    std::string_view json(reinterpret_cast<char const*>(data), size);
    for (auto const& rules : programs.rules) {
        kisoku::Session session(rules);
        (void)session.set_parameter("補助率", "1/2");
        auto result = session.evaluate_json(json);
        if (result.decision) {
            (void)kisoku::eval::to_json(*result.decision).dump();
            (void)kisoku::eval::to_text(*result.decision, kisoku::Language::ja);
        } else {
            (void)kisoku::eval::input_errors_json(result.errors, kisoku::Language::ja).dump();
        }
    }
    return 0;
}
