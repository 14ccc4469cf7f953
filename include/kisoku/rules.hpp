// kisoku/rules.hpp — the facade: load a program's rules, evaluate applications, get decisions.
//
//   auto loaded = kisoku::load_rules("rules/ktq/dxlab");      // a file, or a directory of years
//   if (!loaded.rules) { print loaded.files' diagnostics; }
//   kisoku::Session session(*loaded.rules);                   // one per thread
//   auto result = session.evaluate_json(application_text);
//   if (result.decision) std::cout << kisoku::eval::to_json(*result.decision);
//
// A directory holds one program's rules, one file per fiscal year. Which file applies to an
// application is chosen by the fiscal year the caller gives, or else by the application's
// reference date (the input field the program names with `reference_date`).
#pragma once

#include "kisoku/check/load.hpp"
#include "kisoku/eval/bind.hpp"
#include "kisoku/eval/compare.hpp"
#include "kisoku/eval/compile.hpp"
#include "kisoku/eval/decision.hpp"
#include "kisoku/eval/explain.hpp"
#include "kisoku/eval/input_schema.hpp"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kisoku {

// A program's rules: one compiled Program per fiscal year, in order of fiscal year.
struct Rules {
    std::vector<std::shared_ptr<eval::Program const>> years;

    // The Program for fiscal year `year`, or nullptr.
    eval::Program const* for_fiscal_year(int year) const {
        for (auto const& p : years)
            if (p->fiscal_year == year) return p.get();
        return nullptr;
    }
    // The Program for fiscal year `year`, or the latest one when `year` is 0; nullptr when there
    // are no rules for `year`.
    eval::Program const* for_fiscal_year_or_latest(int year) const {
        if (year == 0) return years.empty() ? nullptr : years.back().get();
        return for_fiscal_year(year);
    }
    // The Program whose period contains `date`, or nullptr.
    eval::Program const* for_date(Date date) const {
        for (auto const& p : years)
            if (!(date < p->period_start) && !(p->period_end < date)) return p.get();
        return nullptr;
    }
    // "2024 (2024-04-01..2025-03-31), 2025 (…)", for messages.
    std::string describe_years() const {
        std::string out;
        for (auto const& p : years)
            out += (out.empty() ? "" : ", ") + std::to_string(p->fiscal_year) + " (" + p->period_start.to_string() + ".." +
                   p->period_end.to_string() + ")";
        return out;
    }
};

// The diagnostics of one rule file, with its text to render them against.
struct FileDiagnostics {
    std::shared_ptr<SourceText const> source;
    std::vector<Diagnostic> diagnostics;
};

// What loading gave: the rules when no file has an error, and every file's diagnostics.
struct LoadResult {
    std::optional<Rules> rules;
    std::vector<FileDiagnostics> files;

    bool has_errors() const {
        for (auto const& f : files)
            if (kisoku::has_errors(f.diagnostics)) return true;
        return !rules;
    }
    // Every diagnostic rendered (file:line:col, the line, a caret), in `lang`.
    std::string render(Language lang) const {
        std::string out;
        for (auto const& f : files)
            for (auto const& d : f.diagnostics) out += kisoku::render(d, *f.source, lang);
        return out;
    }
};

namespace detail {

inline std::shared_ptr<eval::Program const> compile_loaded(check::LoadedFile& loaded) {
    auto checked = std::make_shared<check::CheckedProgram const>(std::move(*loaded.program));
    return eval::compile(std::move(checked), loaded.source);
}

inline void add_loaded(LoadResult& result, check::LoadedFile loaded, std::vector<std::shared_ptr<eval::Program const>>& programs) {
    std::shared_ptr<eval::Program const> program;
    if (loaded.program && !kisoku::has_errors(loaded.diagnostics)) program = compile_loaded(loaded);
    auto source = loaded.source;
    result.files.push_back({source, std::move(loaded.diagnostics)});
    if (!program) return;
    for (auto const& other : programs) {
        if (other->fiscal_year == program->fiscal_year) {
            result.files.back().diagnostics.push_back({Severity::error, "duplicate-fiscal-year", {0, 0},
                                                       {source->name(), std::to_string(program->fiscal_year)}});
            return;
        }
        if (other->name != program->name) {
            result.files.back().diagnostics.push_back(
                {Severity::error, "mixed-programs", {0, 0}, {source->name(), "'" + program->name + "'", "'" + other->name + "'"}});
            return;
        }
    }
    programs.push_back(std::move(program));
}

inline LoadResult finish_load(LoadResult result, std::vector<std::shared_ptr<eval::Program const>> programs) {
    bool errors = false;
    for (auto const& f : result.files) errors = errors || kisoku::has_errors(f.diagnostics);
    if (!errors && !programs.empty()) {
        std::sort(programs.begin(), programs.end(), [](auto const& a, auto const& b) { return a->fiscal_year < b->fiscal_year; });
        result.rules = Rules{std::move(programs)};
    }
    return result;
}

}  // namespace detail

// Loads rules from rule text (one fiscal year). `name` is what diagnostics call it.
inline LoadResult load_rules_text(std::string name, std::string_view text, syntax::ParseLimits const& limits = {}) {
    LoadResult result;
    std::vector<std::shared_ptr<eval::Program const>> programs;
    detail::add_loaded(result, check::load_text(std::move(name), text, limits), programs);
    return detail::finish_load(std::move(result), std::move(programs));
}

// The text of one rule file and the name it was loaded under (its path, for a file).
struct RuleSource {
    std::string name;
    std::string text;  // UTF-8, as the file holds it.
};

// The rule texts of every fiscal year of `rules`, in order of fiscal year: what load_rules_sources
// loads back into the same rules, in another process or on another machine, without the files.
inline std::vector<RuleSource> rule_sources(Rules const& rules) {
    std::vector<RuleSource> out;
    for (auto const& p : rules.years)
        if (p->source) out.push_back({p->source->name(), encode_utf8(p->source->text())});
    return out;
}

// Loads rules from rule texts, one fiscal year each, checked together as the files of a directory
// are (one program, no fiscal year twice). Each name is what diagnostics and decisions call its file.
inline LoadResult load_rules_sources(std::vector<RuleSource> const& sources, syntax::ParseLimits const& limits = {}) {
    LoadResult result;
    std::vector<std::shared_ptr<eval::Program const>> programs;
    if (sources.empty()) {
        auto source = std::make_shared<SourceText const>("<rules>", std::u32string());
        result.files.push_back({source, {{Severity::error, "no-rule-files", {0, 0}, {"<rules>"}}}});
    }
    for (auto const& s : sources) detail::add_loaded(result, check::load_text(s.name, s.text, limits), programs);
    return detail::finish_load(std::move(result), std::move(programs));
}

// Loads rules from a rule file, or from a directory of one program's rule files (*.kisoku), one
// per fiscal year.
inline LoadResult load_rules(std::filesystem::path const& path, syntax::ParseLimits const& limits = {}) {
    LoadResult result;
    std::vector<std::shared_ptr<eval::Program const>> programs;
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        std::vector<std::filesystem::path> files;
        for (auto const& entry : std::filesystem::directory_iterator(path, ec))
            if (entry.path().extension() == ".kisoku") files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        if (files.empty()) {
            auto source = std::make_shared<SourceText const>(path.string(), std::u32string());
            result.files.push_back({source, {{Severity::error, "no-rule-files", {0, 0}, {path.string()}}}});
        }
        for (auto const& f : files) detail::add_loaded(result, check::load_file(f, limits), programs);
    } else {
        detail::add_loaded(result, check::load_file(path, limits), programs);
    }
    return detail::finish_load(std::move(result), std::move(programs));
}

// An evaluation: the decision, or the input errors that prevented it.
struct EvaluationResult {
    std::optional<eval::Decision> decision;
    std::vector<eval::InputError> errors;
};

// One thread's means of evaluating applications against Rules: a builder, an application and an
// evaluator per fiscal year, reused from one application to the next. Rules are shared; a Session
// is not (create one per thread).
class Session {
public:
    explicit Session(Rules const& rules, eval::BindLimits limits = {}, eval::EvalLimits eval_limits = {})
        : rules_(rules), limits_(limits) {
        for (auto const& p : rules.years) workspaces_.push_back(std::make_unique<Workspace>(*p, limits, eval_limits));
    }

    // Supplies a `param … required` of every fiscal year that declares it.
    std::optional<eval::InputError> set_parameter(std::string_view name, std::string_view value) {
        std::optional<eval::InputError> last;
        bool any = false;
        for (auto& w : workspaces_) {
            auto error = w->builder.set_parameter(name, value);
            if (!error) any = true;
            else if (error->code != "input-parameter-unknown") return error;
            else last = error;
        }
        return any ? std::nullopt : last;
    }

    // Binds JSON text and evaluates it with the rules of `fiscal_year` (0: chosen as described
    // at the top of this file).
    EvaluationResult evaluate_json(std::string_view json, int fiscal_year = 0) {
        return evaluate_with([&](eval::ApplicationBuilder& b, eval::Application& app) { return eval::bind_json(b, json, app, limits_); },
                             fiscal_year);
    }

    // Binds an application fed as events by `feed(builder, application)` (which calls
    // builder.begin(application), the events, and returns builder.finish()), then evaluates it.
    // `feed` may be called twice: again with the rules of another fiscal year when the
    // application's reference date belongs to it.
    template <typename Feed>
    EvaluationResult evaluate_with(Feed&& feed, int fiscal_year = 0) {
        EvaluationResult result;
        eval::Program const* p = bind_into(feed, application_, fiscal_year, result.errors);
        if (!p) return result;
        eval::Evaluator& evaluator = workspace_of(p)->evaluator;
        evaluator.run(application_);
        result.decision = eval::decide(evaluator);
        return result;
    }

    // Binds and evaluates without building a Decision: the fast path for callers that need only
    // the verdict and amounts. Returns the evaluator (its results valid until the next call), or
    // nullptr with `errors` filled.
    eval::Evaluator* run_json(std::string_view json, std::vector<eval::InputError>& errors, int fiscal_year = 0) {
        errors.clear();
        auto feed = [&](eval::ApplicationBuilder& b, eval::Application& app) { return eval::bind_json(b, json, app, limits_); };
        eval::Program const* p = bind_into(feed, application_, fiscal_year, errors);
        if (!p) return nullptr;
        eval::Evaluator& evaluator = workspace_of(p)->evaluator;
        evaluator.run(application_);
        return &evaluator;
    }

    // Binds an application into `app` with the rules that apply to it, and returns those rules;
    // or returns nullptr with `errors` filled. For callers that evaluate elsewhere (in batches,
    // on other threads, with an Evaluator of their own for the returned Program).
    template <typename Feed>
    eval::Program const* bind_into(Feed&& feed, eval::Application& app, int fiscal_year, std::vector<eval::InputError>& errors) {
        if (workspaces_.empty()) return nullptr;
        Workspace* w = nullptr;
        if (fiscal_year != 0) {
            w = workspace_of(rules_.for_fiscal_year(fiscal_year));
            if (!w) {
                errors.push_back({"$", "input-no-rules-for-year", {std::to_string(fiscal_year), rules_.describe_years()}});
                return nullptr;
            }
            errors = feed(w->builder, app);
            return errors.empty() ? &w->program : nullptr;
        }
        // The latest year first: most applications are for it. Its errors are final only when
        // the application belongs to it: one of another year may have fields it lacks.
        w = workspaces_.back().get();
        errors = feed(w->builder, app);
        if (w->program.reference_date.empty()) {
            if (!errors.empty()) return nullptr;
            if (workspaces_.size() == 1) return &w->program;
            errors.push_back({"$", "input-fiscal-year-needed", {rules_.describe_years()}});
            return nullptr;
        }
        std::string const& field = w->program.reference_date;
        eval::Value const& date = app.slots[w->program.reference_slot];
        if (!date.known()) {
            if (errors.empty())
                errors.push_back({"$." + field, "input-reference-date-missing", {"$." + field, rules_.describe_years()}});
            return nullptr;
        }
        Date const d(static_cast<std::int32_t>(date.word));
        eval::Program const* p = rules_.for_date(d);
        if (!p) {
            errors.push_back({"$." + field, "input-no-rules-for-date", {"$." + field, d.to_string(), rules_.describe_years()}});
            return nullptr;
        }
        if (p == &w->program) return errors.empty() ? p : nullptr;
        w = workspace_of(p);
        errors = feed(w->builder, app);
        return errors.empty() ? p : nullptr;
    }

    Rules const& rules() const { return rules_; }

    // This session's evaluator for `program` (one of its rules' years, as bind_into returns it),
    // for callers that bind with bind_into and evaluate on the thread that owns this session.
    eval::Evaluator& evaluator_for(eval::Program const& program) { return workspace_of(&program)->evaluator; }

    // Decides the applications of the fiscal year `rules` was generated from (`kisoku generate
    // cpp`, kisoku/eval/native.hpp) with that code first: the same decisions, sooner. Returns false
    // when it was generated from none of this session's years (the rule file changed since), and
    // they are decided without it. One call per year whose code the host has compiled in.
    bool set_native(eval::NativeRules const& rules) {
        bool accepted = false;
        for (auto& w : workspaces_)
            if (eval::plan_fingerprint(w->program) == rules.fingerprint) accepted = w->evaluator.set_native(&rules) || accepted;
        return accepted;
    }

private:
    struct Workspace {
        Workspace(eval::Program const& p, eval::BindLimits limits, eval::EvalLimits eval_limits)
            : program(p), builder(p, limits), evaluator(p, eval_limits) {}
        eval::Program const& program;
        eval::ApplicationBuilder builder;
        eval::Evaluator evaluator;
    };

    Workspace* workspace_of(eval::Program const* p) {
        for (auto& w : workspaces_)
            if (&w->program == p) return w.get();
        return nullptr;
    }

    eval::Application application_;
    Rules const& rules_;
    eval::BindLimits limits_;
    std::vector<std::unique_ptr<Workspace>> workspaces_;
};

}  // namespace kisoku
