// Rule files damaged at random must give diagnostics, never a crash, a hang or an exception: a
// quick, deterministic stand-in for fuzzing that runs with every test run.
#include "kisoku/calc.hpp"
#include "kisoku/check/load.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace {

std::u32string read_rules(std::filesystem::path const& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return kisoku::decode_utf8(buffer.str()).text;
}

// Characters that matter to the grammar, to make mutations reach deep into it.
constexpr char32_t interesting[] = {U'{', U'}', U'(', U')', U'[', U']', U'"', U'「', U'」', U':', U';', U',',
                                    U'.', U'=', U'<', U'>', U'+', U'-', U'*', U'/', U'円', U'万', U'\n', U' ',
                                    U'0', U'9', U'#', U'①', U'¥', U'%', U'〜', U'a', U'甲'};

}  // namespace

TEST_CASE("randomly damaged rule files are answered with diagnostics") {
    std::vector<std::filesystem::path> files;
    for (std::filesystem::path directory : {std::filesystem::path(KISOKU_TEST_DATA_DIR "/check/valid"),
                                            std::filesystem::path(KISOKU_TEST_DATA_DIR "/../rules")})
        for (auto const& entry : std::filesystem::recursive_directory_iterator(directory))
            if (entry.path().extension() == ".kisoku") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    REQUIRE(!files.empty());
    std::mt19937_64 random(20251124);
    std::size_t runs = 0, with_errors = 0;
    for (auto const& path : files) {
        std::u32string const original = read_rules(path);
        for (int attempt = 0; attempt < 150; ++attempt) {
            std::u32string text = original;
            int const edits = 1 + static_cast<int>(random() % 4);
            for (int e = 0; e < edits && !text.empty(); ++e) {
                std::size_t at = random() % text.size();
                char32_t c = interesting[random() % std::size(interesting)];
                switch (random() % 4) {
                    case 0: text.erase(at, 1 + random() % 8); break;
                    case 1: text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c); break;
                    case 2: text[at] = c; break;
                    default: text.insert(at, text.substr(random() % text.size(), random() % 40)); break;
                }
            }
            CAPTURE(path.string());
            CAPTURE(attempt);
            kisoku::check::LoadedFile loaded;
            CHECK_NOTHROW(loaded = kisoku::check::load_text("damaged.kisoku", kisoku::encode_utf8(text)));
            ++runs;
            with_errors += kisoku::has_errors(loaded.diagnostics);
            // Every diagnostic can be rendered: its span lies inside the text.
            for (auto const& d : loaded.diagnostics) {
                CHECK(d.span.begin <= text.size());
                CHECK_NOTHROW((void)kisoku::render(d, *loaded.source, kisoku::Language::ja));
            }
        }
    }
    MESSAGE(runs << " damaged files loaded, " << with_errors << " of them with errors");
    CHECK(with_errors > runs / 2);
}

TEST_CASE("random expressions are answered by calc without an exception") {
    std::mt19937_64 random(7);
    constexpr char32_t alphabet[] = {U'1', U'2', U'0', U'円', U'万', U'+', U'-', U'*', U'/', U'(', U')', U',',
                                     U' ', U'.', U'%', U'¥', U'<', U'=', U'm', U'i', U'n', U'x', U'a',
                                     U'r', U'o', U'u', U'd', U'_', U'{', U'}', U'[', U']'};
    for (int attempt = 0; attempt < 3000; ++attempt) {
        std::u32string text;
        std::size_t length = random() % 30;
        for (std::size_t i = 0; i < length; ++i) text.push_back(alphabet[random() % std::size(alphabet)]);
        CAPTURE(kisoku::encode_utf8(text));
        kisoku::CalcResult result;
        CHECK_NOTHROW(result = kisoku::calculate(kisoku::encode_utf8(text)));
        CHECK((result.value.has_value() != !result.diagnostics.empty()));
    }
}
