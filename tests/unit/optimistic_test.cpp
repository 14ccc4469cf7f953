// The optimistic path of the Evaluator (kisoku/eval/evaluate.hpp) must give exactly the results of
// the general path: every verdict, outcome, amount, check, document, missing input, problem and
// explanation. These tests decide random applications, generated from each program's own input
// declaration, with the optimistic path on and off, and compare the two decisions as JSON and text.
#include "application_generator.hpp"
#include "kisoku/rules.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

using namespace kisoku;

namespace {

struct Compared {
    unsigned decided = 0, undetermined = 0, ineligible = 0, eligible = 0;
};

// Decides `count` random applications of `program` both ways, checking that the decisions are
// the same.
Compared compare_paths(eval::Program const& program, unsigned count, unsigned seed) {
    Compared out;
    eval::Evaluator optimistic(program), general(program);
    general.set_optimistic(false);
    kisoku_test::for_each_application(program, count, seed, [&](eval::Application const& app, std::string const& json, unsigned i) {
        optimistic.run(app);
        general.run(app);
        INFO(program.file << ", application " << i << ": " << json);
        REQUIRE(kisoku_test::shown(optimistic) == kisoku_test::shown(general));
        // The missing inputs alone (what a batch gives for each row) are the Decision's.
        auto const decision = eval::decide(general);
        auto const missing = eval::missing_inputs(general);
        REQUIRE(missing.size() == decision.missing.size());
        for (std::size_t m = 0; m < missing.size(); ++m) {
            CHECK(missing[m].path == decision.missing[m].path);
            CHECK(missing[m].decides == decision.missing[m].decides);
        }
        CHECK(eval::verdict_of(general) == decision.verdict);
        ++out.decided;
        if (general.undetermined()) ++out.undetermined;
        else if (general.ineligible()) ++out.ineligible;
        else ++out.eligible;
    });
    return out;
}

}  // namespace

TEST_CASE("the optimistic path decides as the general path, on every shipped and test program") {
    auto const programs = kisoku_test::every_program();
    REQUIRE(programs.size() >= 8);
    unsigned seed = 1;
    for (auto const& program : programs) {
        Compared const c = compare_paths(*program, 400, seed++);
        CHECK(c.decided > 100);
    }
}

TEST_CASE("the optimistic path decides as the general path on every operation it covers") {
    auto loaded = load_rules(kisoku_test::test_program("every_operation"));
    INFO(loaded.render(Language::en));
    REQUIRE(loaded.rules);
    Compared const c = compare_paths(*loaded.rules->years.front(), 3000, 7);
    CHECK(c.decided > 1000);
    // Both paths are exercised: complete applications, and applications with unknowns.
    CHECK(c.eligible > 0);
    CHECK(c.ineligible > 0);
    CHECK(c.undetermined > 0);
}

TEST_CASE("fused tests decide as the steps they stand for") {
    auto loaded = load_rules(kisoku_test::test_program("fused_tests"));
    INFO(loaded.render(Language::en));
    REQUIRE(loaded.rules);
    auto const& program = *loaded.rules->years.front();
    // Every condition, check and document, and both comprehensions' tests, are fused.
    for (auto const& block : program.eligibility)
        for (auto const& condition : block.conditions) {
            auto const& test = program.steps[condition.test];
            bool const comprehension_inside = test.op == eval::Op::all || test.op == eval::Op::any || test.op == eval::Op::logical_not ||
                                              test.op == eval::Op::less_equal;
            INFO(condition.label);
            CHECK((program.fused[condition.test].count != 0 || comprehension_inside));
        }
    for (auto const& check : program.checks)
        if (check.label.starts_with("人数")) CHECK(program.fused[check.test].count != 0);
    std::size_t fused = 0;
    for (auto const& f : program.fused) fused += f.count != 0;
    CHECK(fused >= 16);
    Compared const c = compare_paths(program, 4000, 11);
    CHECK(c.decided > 2000);
    CHECK(c.eligible > 0);
    CHECK(c.ineligible > 0);
    CHECK(c.undetermined > 0);
}

TEST_CASE("the DX LAB rules' tests of members and expenses are fused") {
    auto loaded = load_rules(std::filesystem::path(KISOKU_SOURCE_DIR) / "rules/ktq/dxlab/2025.kisoku");
    REQUIRE(loaded.rules);
    auto const& program = *loaded.rules->years.front();
    // Each `where` and each body of all/any is a fused test: the optimistic path decides it in one go.
    std::size_t comprehensions = 0;
    for (auto const& s : program.steps) {
        auto const operand = [&](std::uint32_t i) { return program.operands[s.first + i]; };
        if (s.op == eval::Op::filter) {
            ++comprehensions;
            CHECK(program.fused[operand(1)].count != 0);
        }
        if ((s.op == eval::Op::all || s.op == eval::Op::any) && program.steps[operand(1)].kind == eval::Kind::boolean &&
            program.steps[operand(1)].op != eval::Op::equal) {  // 名称 == 代表構成員.名称 compares two texts.
            ++comprehensions;
            CHECK(program.fused[operand(1)].count != 0);
        }
    }
    CHECK(comprehensions >= 10);
}

TEST_CASE("the optimistic path is not taken where the step limit could be reached") {
    auto loaded = load_rules(kisoku_test::test_program("every_operation"));
    REQUIRE(loaded.rules);
    auto const& program = *loaded.rules->years.front();
    std::string json = R"({"枠": "一般枠", "割合": 1, "単位": 1000, "期間": "2025-04-01 .. 2026-03-31", "名": "A", "代表": {"名称": "A", "法人": true, "人数": 3, "設立日": "2020-01-01"}, "会社": [)";
    for (int i = 0; i < 200; ++i) json += std::string(i ? "," : "") + R"({"名称": "B", "法人": true, "人数": 5, "設立日": "2020-01-01"})";
    json += R"(], "経費": [])";
    json += "}";
    eval::ApplicationBuilder builder(program);
    eval::Application app;
    REQUIRE(eval::bind_json(builder, json, app).empty());
    for (std::uint64_t limit : {100ull, 1000ull, 10'000ull, 1'000'000ull}) {
        eval::EvalLimits limits;
        limits.max_steps = limit;
        eval::Evaluator optimistic(program, limits), general(program, limits);
        general.set_optimistic(false);
        optimistic.run(app);
        general.run(app);
        INFO("max_steps " << limit);
        CHECK(optimistic.exhausted() == general.exhausted());
        CHECK(kisoku_test::shown(optimistic) == kisoku_test::shown(general));
    }
}
