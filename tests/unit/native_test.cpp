// Rules compiled to C++ (`kisoku generate cpp`, kisoku/eval/generate_cpp.hpp) must decide exactly
// as the interpreter does: every verdict, outcome, amount, check, document, missing input, problem
// and explanation. Every rule file the tests use is generated at build time (tests/CMakeLists.txt);
// these tests decide random applications of each, complete and incomplete, with and without the
// generated code, and compare the two decisions as JSON and text.
#include "application_generator.hpp"
#include "kisoku/eval/generate_cpp.hpp"
#include "kisoku/eval/native_library.hpp"
#include "kisoku/rules.hpp"
#include "temp_dir.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>

#ifdef KISOKU_GENERATED_RULES
#include "generated_rules.hpp"
#endif

using namespace kisoku;

namespace {

struct Compared {
    unsigned decided = 0, differ = 0;
    std::uint64_t decided_by_generated_code = 0;
    std::string first_difference;
};

// Decides `count` random applications of `program` with `native` and without it; counts those
// whose decisions differ.
Compared compare_with(eval::Program const& program, eval::NativeRules const& native, unsigned count, unsigned seed) {
    Compared out;
    eval::Evaluator generated(program), interpreted(program);
    REQUIRE(generated.set_native(&native));
    REQUIRE(generated.has_native());
    kisoku_test::for_each_application(program, count, seed, [&](eval::Application const& app, std::string const& json, unsigned) {
        generated.run(app);
        interpreted.run(app);
        ++out.decided;
        if (kisoku_test::shown(generated) != kisoku_test::shown(interpreted)) {
            if (out.differ++ == 0) out.first_difference = json + "\n--- generated:\n" + kisoku_test::shown(generated) + "\n--- interpreted:\n" + kisoku_test::shown(interpreted);
        }
    });
    out.decided_by_generated_code = generated.native_decided();
    return out;
}

// The DX LAB examples (both fiscal years, complete and incomplete) decided by `with`, which was given
// native code, and by `without`, which was not: the same decisions, some roots decided natively.
void decides_examples_as_without(Session& with, Session& without, Rules const& rules) {
    for (auto const* example : {"examples/dxlab/2025-kokura-dx.json", "examples/dxlab/2025-yahata-incomplete.json",
                                "examples/dxlab/2024-tobata-iot.json", "examples/dxlab/2025-wakamatsu-junbi.json"}) {
        INFO(example);
        std::ifstream in(std::filesystem::path(KISOKU_SOURCE_DIR) / example);
        std::string const text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        auto a = with.evaluate_json(text);
        auto b = without.evaluate_json(text);
        REQUIRE(a.decision);
        REQUIRE(b.decision);
        CHECK(eval::to_json_text(*a.decision, 2) == eval::to_json_text(*b.decision, 2));
    }
    std::uint64_t decided = 0;
    for (auto const& year : rules.years) decided += with.evaluator_for(*year).native_decided();
    CHECK(decided > 0);
}

std::shared_ptr<eval::Program const> load_program(std::filesystem::path const& file) {
    auto loaded = load_rules(file);
    INFO(loaded.render(Language::en));
    REQUIRE(loaded.rules);
    REQUIRE(loaded.rules->years.size() == 1);
    return loaded.rules->years.front();
}

}  // namespace

TEST_CASE("namespaces of generated code") {
    CHECK(eval::is_cpp_namespace("dxlab"));
    CHECK(eval::is_cpp_namespace("city::dxlab2025"));
    CHECK(eval::is_cpp_namespace("_a::b_1::C"));
    CHECK_FALSE(eval::is_cpp_namespace(""));
    CHECK_FALSE(eval::is_cpp_namespace("2025"));
    CHECK_FALSE(eval::is_cpp_namespace("a::"));
    CHECK_FALSE(eval::is_cpp_namespace("::a"));
    CHECK_FALSE(eval::is_cpp_namespace("a:b"));
    CHECK_FALSE(eval::is_cpp_namespace("a::::b"));
    CHECK_FALSE(eval::is_cpp_namespace("a b"));
    CHECK_FALSE(eval::is_cpp_namespace("助成"));
    auto const program = load_program(kisoku_test::test_program("every_operation"));
    CHECK_THROWS_AS(eval::generate_cpp(*program, "not a namespace"), std::invalid_argument);
}

TEST_CASE("text from the rule file reaches generated code only as one-line comments") {
    // A label with an escaped line break and a final backslash, which in a `//` comment would end
    // the comment or carry it on to the next line: code compiled while the host runs must not run
    // what a rule file writes.
    auto loaded = load_rules_text("t.kisoku", "program t \"T\" { fiscal_year 令和7年度 }\ninput 申請 { 金額: yen }\n"
                                              "check \"a\\n#error injected \\\\\":\n  金額 > 0円\n"
                                              "amount 助成額: yen = min(金額, 10万円)\n");
    INFO(loaded.render(Language::en));
    REQUIRE(loaded.rules);
    REQUIRE(loaded.rules->years.front()->checks.front().label == "a\n#error injected \\");
    std::string const code = eval::generate_cpp(*loaded.rules->years.front(), "t");
    CHECK(code.find("\n// a #error injected /\n") != std::string::npos);
    CHECK(code.find("\n#error") == std::string::npos);
    CHECK(code.find("\\\n") == std::string::npos);
}

TEST_CASE("the fingerprint of a plan changes with what the rules compute") {
    std::string const base = "program t \"T\" { fiscal_year 令和7年度 }\ninput 申請 { 金額: yen }\namount 助成額: yen = min(金額, 10万円)\n";
    auto edit = [&](std::string const& from, std::string const& to) {
        std::string text = base;
        return text.replace(text.find(from), from.size(), to);
    };
    auto fingerprint = [](std::string const& text) {
        auto loaded = load_rules_text("t.kisoku", text);
        REQUIRE(loaded.rules);
        return eval::plan_fingerprint(*loaded.rules->years.front());
    };
    auto const same = fingerprint(base);
    CHECK(fingerprint(base) == same);
    // A comment or a blank line changes nothing that is computed.
    CHECK(fingerprint("# 注\n" + base + "\n") == same);
    // A constant, an operation or an input changes it.
    CHECK(fingerprint(edit("10万円", "20万円")) != same);
    CHECK(fingerprint(edit("min", "max")) != same);
    CHECK(fingerprint(edit("金額: yen }", "金額: yen  日: date }")) != same);
}

#ifdef KISOKU_GENERATED_RULES

namespace {

// The code generated from a rule file of the tests (its path in the source tree).
eval::NativeRules const& generated_for(std::string const& file) {
    for (auto const& entry : kisoku_test::generated_rules)
        if (file == entry.file) return *entry.rules;
    throw std::runtime_error("no code was generated from " + file);
}

}  // namespace

TEST_CASE("generated code decides as the interpreter, on every shipped and test program") {
    REQUIRE(std::size(kisoku_test::generated_rules) >= 10);
    unsigned seed = 101;
    for (auto const& entry : kisoku_test::generated_rules) {
        INFO(entry.file);
        auto const program = load_program(std::filesystem::path(KISOKU_SOURCE_DIR) / entry.file);
        Compared const c = compare_with(*program, *entry.rules, 400, seed++);
        INFO(c.first_difference);
        CHECK(c.differ == 0);
        CHECK(c.decided > 100);
    }
}

TEST_CASE("generated code decides most complete applications alone, and every operation as the interpreter") {
    for (char const* name : {"every_operation", "fused_tests", "wide_numbers"}) {
        INFO(name);
        auto const program = load_program(kisoku_test::test_program(name));
        Compared const c = compare_with(*program, generated_for(std::string("tests/programs/") + name + ".kisoku"), 3000, 7);
        INFO(c.first_difference);
        CHECK(c.differ == 0);
        CHECK(c.decided > 1000);
        // Not a test that passes because the generated code always hands back: it decides most
        // of the roots itself.
        std::size_t roots = program->checks.size() + program->documents.size();
        for (auto const& block : program->eligibility) roots += block.conditions.size();
        MESSAGE(std::string(name) << ": " << c.decided_by_generated_code << " of " << c.decided * roots << " roots decided by generated code");
        CHECK(c.decided_by_generated_code * 2 > c.decided * roots);
    }
}

TEST_CASE("the DX LAB rules as C++ decide the benchmark's kind of applications") {
    auto const program = load_program(std::filesystem::path(KISOKU_SOURCE_DIR) / "rules/ktq/dxlab/2025.kisoku");
    Compared const c = compare_with(*program, generated_for("rules/ktq/dxlab/2025.kisoku"), 2000, 3);
    INFO(c.first_difference);
    CHECK(c.differ == 0);
    CHECK(c.decided_by_generated_code > 0);
}

TEST_CASE("generated code is refused by another version of the rules, which are then decided without it") {
    eval::NativeRules const* native_2025 = &generated_for("rules/ktq/dxlab/2025.kisoku");
    auto const program_2024 = load_program(std::filesystem::path(KISOKU_SOURCE_DIR) / "rules/ktq/dxlab/2024.kisoku");
    eval::Evaluator evaluator(*program_2024);
    CHECK_FALSE(evaluator.set_native(native_2025));
    CHECK_FALSE(evaluator.has_native());
    // The same file, edited: one amount changed.
    std::ifstream in(std::filesystem::path(KISOKU_SOURCE_DIR) / "rules/ktq/dxlab/2025.kisoku");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto const at = text.find("DX共創実践枠: 30万円");
    REQUIRE(at != std::string::npos);
    text.replace(at, std::string("DX共創実践枠: 30万円").size(), "DX共創実践枠: 35万円");
    auto edited = load_rules_text("2025.kisoku", text);
    REQUIRE(edited.rules);
    eval::Evaluator evaluator_edited(*edited.rules->years.front());
    CHECK_FALSE(evaluator_edited.set_native(native_2025));
    CHECK(evaluator_edited.set_native(nullptr));
}

TEST_CASE("a Session gives generated code to the evaluator of its year") {
    auto loaded = load_rules(std::filesystem::path(KISOKU_SOURCE_DIR) / "rules/ktq/dxlab");
    REQUIRE(loaded.rules);
    REQUIRE(loaded.rules->years.size() >= 2);
    Session with(*loaded.rules), without(*loaded.rules);
    CHECK(with.set_native(generated_for("rules/ktq/dxlab/2025.kisoku")));
    CHECK(with.set_native(generated_for("rules/ktq/dxlab/2024.kisoku")));
    // Code generated from a program the session does not hold is refused.
    CHECK_FALSE(with.set_native(generated_for("tests/programs/every_operation.kisoku")));
    for (auto const& year : loaded.rules->years) {
        CHECK(with.evaluator_for(*year).has_native());
        CHECK_FALSE(without.evaluator_for(*year).has_native());
    }
    decides_examples_as_without(with, without, *loaded.rules);
}

TEST_CASE("a comparison of decisions that cannot tell generated code from the interpreter would be caught") {
    // Code that claims to be the DX LAB rules (the right fingerprint) but passes every condition:
    // the comparison above must see the difference.
    auto const program = load_program(std::filesystem::path(KISOKU_SOURCE_DIR) / "rules/ktq/dxlab/2025.kisoku");
    static eval::NativeRules const* const real = &generated_for("rules/ktq/dxlab/2025.kisoku");
    eval::NativeRules wrong = *real;
    wrong.decide = [](eval::NativeFrame& f, std::uint8_t* results) {
        real->decide(f, results);
        for (std::size_t i = 0; i < real->conditions; ++i)
            if (results[i] == 2) results[i] = 1;
    };
    Compared const c = compare_with(*program, wrong, 300, 5);
    CHECK(c.differ > 0);
}

#endif

// Rules compiled while the host runs (kisoku/eval/native_library.hpp): the machine's C++ compiler
// turns the generated code into a shared library, which is loaded and decides as the interpreter.

namespace {

std::size_t files_in(std::filesystem::path const& dir) {
    std::size_t n = 0;
    for (auto const& entry : std::filesystem::directory_iterator(dir)) n += entry.is_regular_file() ? 1 : 0;
    return n;
}

}  // namespace

TEST_CASE("rules compiled while the host runs decide as the interpreter, and are found compiled the next time") {
    kisoku_test::TempDir cache;
    eval::NativeBuildOptions options;
    options.cache_directory = cache.path;
    auto const program = load_program(kisoku_test::test_program("every_operation"));
    auto const built = eval::build_native_library(*program, options);
    INFO((built.error ? built.error->render() : std::string()));
    REQUIRE(built.library);
    CHECK(built.library->compiled());
    CHECK(built.library->rules().fingerprint == eval::plan_fingerprint(*program));
    Compared const c = compare_with(*program, built.library->rules(), 3000, 11);
    INFO(c.first_difference);
    CHECK(c.differ == 0);
    CHECK(c.decided > 1000);
    CHECK(c.decided_by_generated_code > 0);
    // The source, the compiler's (empty) messages and the library; nothing half-written is left.
    CHECK(files_in(cache.path) == 3);
    // Loaded again from the cache, without compiling: the same library.
    auto const again = eval::build_native_library(*program, options);
    REQUIRE(again.library);
    CHECK_FALSE(again.library->compiled());
    CHECK(again.library->path() == built.library->path());
    // Another program is another library.
    auto const other = load_program(kisoku_test::test_program("fused_tests"));
    eval::Evaluator evaluator(*other);
    CHECK_FALSE(evaluator.set_native(&built.library->rules()));
}

TEST_CASE("a Session decides the DX LAB years with rules compiled while it runs") {
    kisoku_test::TempDir cache;
    auto loaded = load_rules(std::filesystem::path(KISOKU_SOURCE_DIR) / "rules/ktq/dxlab");
    REQUIRE(loaded.rules);
    std::vector<std::shared_ptr<eval::NativeLibrary const>> libraries;
    Session with(*loaded.rules), without(*loaded.rules);
    eval::NativeBuildOptions options;
    options.cache_directory = cache.path;
    for (auto const& year : loaded.rules->years) {
        auto built = eval::build_native_library(*year, options);
        INFO((built.error ? built.error->render() : std::string()));
        REQUIRE(built.library);
        CHECK(with.set_native(built.library->rules()));
        libraries.push_back(built.library);
    }
    decides_examples_as_without(with, without, *loaded.rules);
}

TEST_CASE("rules that cannot be compiled or loaded are reported, and nothing is loaded") {
    auto const program = load_program(kisoku_test::test_program("fused_tests"));
    kisoku_test::TempDir cache;
    eval::NativeBuildOptions options;
    options.cache_directory = cache.path;

    SUBCASE("no such compiler") {
        options.compiler = "kisoku-no-such-compiler";
        auto const built = eval::build_native_library(*program, options);
        CHECK_FALSE(built.library);
        REQUIRE(built.error);
        CHECK(built.error->code == "native-compiler-not-found");
        CHECK(built.error->render() ==
              "the C++ compiler kisoku-no-such-compiler was not found: install one (g++ or clang++) or name it with CXX");
        CHECK(built.error->render(Language::ja).find("kisoku-no-such-compiler") != std::string::npos);
    }
    SUBCASE("the compiler fails") {
        options.flags = {"-fkisoku-no-such-flag"};
        auto const built = eval::build_native_library(*program, options);
        CHECK_FALSE(built.library);
        REQUIRE(built.error);
        CHECK(built.error->code == "native-compile-failed");
        REQUIRE(built.error->args.size() == 3);
        // The compiler's messages are kept where the error says.
        std::ifstream log(built.error->args[2]);
        std::string const messages((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
        CHECK(messages.find("kisoku-no-such-flag") != std::string::npos);
        // No library, finished or partial, is left behind.
        for (auto const& entry : std::filesystem::directory_iterator(cache.path)) CHECK(entry.path().extension() != ".so");
    }
    SUBCASE("a damaged library in the cache is compiled again") {
        // A library of the right name that is not one: loading it fails, so it is compiled again
        // (here with no compiler, which is what the error then says).
        std::filesystem::path path;
        {
            // Unloaded at the end of the block: a library still loaded would be found by its name
            // without the file being read again.
            auto const good = eval::build_native_library(*program, options);
            REQUIRE(good.library);
            path = good.library->path();
        }
        std::filesystem::remove(path);
        std::ofstream(path) << "not a library";
        options.compiler = "kisoku-no-such-compiler";
        auto const built = eval::build_native_library(*program, options);
        CHECK_FALSE(built.library);
        REQUIRE(built.error);
        CHECK(built.error->code == "native-compiler-not-found");
    }
    // A "compiler" that notes it is running, starts a process and waits for it: the process would
    // write `late` after 3 s, unless it is stopped with the compiler.
    std::filesystem::path const late = cache.path / "late", running = cache.path / "running";
    auto use_slow_compiler = [&] {
        std::filesystem::create_directories(cache.path);
        std::filesystem::path const script = cache.path / "slow-compiler.sh";
        std::ofstream(script) << "#!/bin/sh\necho > '" << running.string() << "'\n(sleep 3; echo late > '" << late.string()
                              << "') &\nwait\n";
        std::filesystem::permissions(script, std::filesystem::perms::owner_all);
        options.compiler = script.string();
    };
    // The build stopped at once, and after the 3 s nothing the compiler started has run on, and no
    // library is left.
    auto check_stopped = [&](eval::NativeBuild const& built, std::chrono::steady_clock::time_point started, char const* code) {
        CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(3));
        CHECK_FALSE(built.library);
        REQUIRE(built.error);
        CHECK(built.error->code == code);
        std::this_thread::sleep_for(std::chrono::milliseconds(3500));
        CHECK_FALSE(std::filesystem::exists(late));
        for (auto const& entry : std::filesystem::directory_iterator(cache.path)) CHECK(entry.path().extension() != ".so");
    };
    SUBCASE("a compiler that runs past its time is stopped, with what it started") {
        use_slow_compiler();
        options.timeout_seconds = 1;
        auto const started = std::chrono::steady_clock::now();
        auto const built = eval::build_native_library(*program, options);
        check_stopped(built, started, "native-compile-timeout");
        CHECK(built.error->render().find("did not finish compiling the rules within 1 s") != std::string::npos);
        CHECK(built.error->render(Language::ja).find("1 秒以内") != std::string::npos);
    }
    SUBCASE("a compiler asked to stop is stopped at once, with what it started") {
        // As for the time limit, with a host that asks for it (Ctrl-C) once the compiler runs.
        use_slow_compiler();
        int asked = 0;
        options.stop_requested = [&] {
            ++asked;
            return std::filesystem::exists(running);
        };
        auto const started = std::chrono::steady_clock::now();
        auto const built = eval::build_native_library(*program, options);
        check_stopped(built, started, "native-compile-stopped");
        CHECK(asked > 0);
        CHECK(built.error->render().find("was stopped on request") != std::string::npos);
        CHECK(built.error->render(Language::ja).find("止めました") != std::string::npos);
    }
    SUBCASE("a cache directory that cannot be made") {
        std::filesystem::create_directories(cache.path);
        std::ofstream(cache.path / "file") << "a file, not a directory";
        options.cache_directory = cache.path / "file" / "cache";
        auto const built = eval::build_native_library(*program, options);
        CHECK_FALSE(built.library);
        REQUIRE(built.error);
        CHECK(built.error->code == "native-cache-unwritable");
        CHECK(built.error->render().find((cache.path / "file" / "cache").string()) != std::string::npos);
    }
}
