// fuzz/rule_file_fuzzer.cpp — any text as a rule file: parsed, checked, compiled, and (when it
// loads) evaluated against an empty application. Whatever the text, the answer is diagnostics or
// a program; an exception, a crash, a leak or a hang is a failure.
#include "kisoku/rules.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view text(reinterpret_cast<char const*>(data), size);
    auto loaded = kisoku::load_rules_text("fuzz.kisoku", text);
    (void)loaded.render(kisoku::Language::ja);
    if (loaded.rules) {
        kisoku::Session session(*loaded.rules);
        auto result = session.evaluate_json("{}");
        if (result.decision) (void)kisoku::eval::to_text(*result.decision, kisoku::Language::en);
    }
    return 0;
}
