// Random applications generated from a program's own input declaration, and the rule files of
// the repository, for the tests that compare two ways of doing the same thing on many of them.
#pragma once

#include "kisoku/rules.hpp"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace kisoku_test {

using namespace kisoku;

// Random applications for a program: every field of the input, of its records and of the items of
// its lists is given a valid value of its type, or left out, or given as null. Texts come from a
// small set, so that comparisons of texts are sometimes true.
class ApplicationGenerator {
public:
    ApplicationGenerator(eval::Program const& program, unsigned seed) : program_(program), random_(seed) {}

    std::string next() { return record(0, 0); }

private:
    unsigned pick(unsigned n) { return static_cast<unsigned>(random_() % n); }

    std::string quoted(std::string const& text) { return "\"" + text + "\""; }

    std::string date() {
        unsigned const year = 2024 + pick(3), month = 1 + pick(12), day = 1 + pick(28);
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "%04u-%02u-%02u", year, month, day);
        return buffer;
    }

    std::string scalar(eval::Kind kind, bool whole, int id) {
        switch (kind) {
            case eval::Kind::boolean: return pick(2) ? "true" : "false";
            case eval::Kind::number:
                if (!whole && pick(4) == 0) return quoted(std::to_string(1 + pick(3)) + "/" + std::to_string(2 + pick(3)));
                return std::to_string(pick(12));
            case eval::Kind::yen: {
                unsigned const shape = pick(4);
                if (shape == 0) return std::to_string(pick(100000));
                if (shape == 1) return quoted(std::to_string(pick(400)) + ",000円");
                return std::to_string(pick(600) * 1000);
            }
            case eval::Kind::date: return quoted(date());
            case eval::Kind::period: return quoted("2025-04-01 .. " + date());
            case eval::Kind::text: {
                static char const* const texts[] = {"代表", "連携1", "A社", ""};
                return quoted(texts[pick(4)]);
            }
            case eval::Kind::enumeration: {
                auto const& values = program_.enums[static_cast<std::size_t>(id)].values;
                return quoted(values[pick(static_cast<unsigned>(values.size()))]);
            }
            default: return "null";
        }
    }

    std::string value(eval::FieldLayout const& f, int depth) {
        switch (f.kind) {
            case eval::Kind::record: return record(f.id, depth + 1);
            case eval::Kind::list: {
                std::string out = "[";
                for (unsigned i = 0, n = pick(7); i < n; ++i) {
                    if (i) out += ", ";
                    if (pick(15) == 0)
                        out += "null";
                    else if (f.element == eval::Kind::record)
                        out += record(f.id, depth + 1);
                    else
                        out += scalar(f.element, true, f.id);
                }
                return out + "]";
            }
            default: return scalar(f.kind, f.whole, f.id);
        }
    }

    std::string record(int layout, int depth) {
        std::string out = "{";
        bool first = true;
        for (auto const& f : program_.layouts[static_cast<std::size_t>(layout)].fields) {
            unsigned const fate = pick(40);
            if (depth > 3 || (fate < 3 && !f.required)) continue;  // Left out.
            if (!first) out += ", ";
            first = false;
            out += quoted(f.name) + ": " + (fate == 3 && !f.required ? std::string("null") : value(f, depth));
        }
        return out + "}";
    }

    eval::Program const& program_;
    std::mt19937 random_;
};

// Supplies every caller-supplied parameter of the builder's program (`param … required`): an
// amount or a rate the applications of the tests can be decided with.
inline void supply_parameters(eval::ApplicationBuilder& builder, eval::Program const& program) {
    for (auto const& g : program.globals)
        if (g.supplied) builder.set_parameter(g.name, g.kind == eval::Kind::yen ? "100,000円" : "1/2");
}

// Generates `count` random applications of `program` from `seed`, binds each (with the
// parameters supplied) and calls visit(application, json, i) for each that binds without an input
// error: the loop of the tests that decide random applications two ways.
template <typename Visit>
void for_each_application(eval::Program const& program, unsigned count, unsigned seed, Visit visit) {
    ApplicationGenerator generate(program, seed);
    eval::ApplicationBuilder builder(program);
    supply_parameters(builder, program);
    eval::Application app;
    for (unsigned i = 0; i < count; ++i) {
        std::string const json = generate.next();
        if (!eval::bind_json(builder, json, app).empty()) continue;
        visit(app, json, i);
    }
}

// The decision of `evaluator` for the application it has run, as JSON and Japanese text: what the
// tests that compare two ways of deciding compare.
inline std::string shown(eval::Evaluator& evaluator) {
    auto const decision = eval::decide(evaluator);
    return eval::to_json_text(decision, 2) + "\n" + eval::to_text(decision, Language::ja);
}

// A program of tests/programs, by its name.
inline std::filesystem::path test_program(std::string const& name) {
    return std::filesystem::path(KISOKU_SOURCE_DIR) / "tests/programs" / (name + ".kisoku");
}

// Every program (each fiscal year) of every rule file shipped or used by the tests. A file that
// does not load throws, with its diagnostics.

inline std::vector<std::shared_ptr<eval::Program const>> every_program() {
    std::vector<std::shared_ptr<eval::Program const>> programs;
    std::filesystem::path const root(KISOKU_SOURCE_DIR);
    for (auto const* dir : {"rules", "tests/eval/sample", "tests/rule-tests", "tests/diff", "tests/check/valid", "tests/programs"})
        for (auto const& entry : std::filesystem::recursive_directory_iterator(root / dir)) {
            if (entry.path().extension() != ".kisoku") continue;
            auto loaded = load_rules(entry.path());
            if (!loaded.rules) throw std::runtime_error(entry.path().string() + "\n" + loaded.render(Language::en));
            programs.insert(programs.end(), loaded.rules->years.begin(), loaded.rules->years.end());
        }
    return programs;
}

}  // namespace kisoku_test
