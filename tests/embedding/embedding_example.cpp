// embedding_example.cpp — kisoku in a C++ program: load a program's rules, decide an application
// given as JSON, read the decision, then decide it again on the fast path that builds no Decision.
//
//   embedding_example RULES APPLICATION.json [NAME=VALUE ...]
//
// RULES is a rule file, or a directory holding one program's rule files (one per fiscal year).
// NAME=VALUE supplies a parameter that the rules leave to the caller (`param … required`).
#include <kisoku/rules.hpp>

#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

bool read_file(char const* path, std::string& text) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
    return static_cast<bool>(in);
}

// The verdict and amounts of many applications on one thread, without building Decisions: one
// builder, one Application and one Evaluator, reused (after the first applications they allocate
// nothing). The Program is shared and never changes; each thread needs its own three.
void decide_batch(kisoku::eval::Program const& program, std::vector<std::string> const& applications) {
    kisoku::eval::ApplicationBuilder builder(program);
    kisoku::eval::Application app;
    kisoku::eval::Evaluator evaluator(program);
    for (std::string const& json : applications) {
        std::vector<kisoku::eval::InputError> errors = kisoku::eval::bind_json(builder, json, app);
        if (!errors.empty()) {
            std::cout << "batch: " << errors.size() << " input errors\n";
            continue;
        }
        evaluator.run(app);
        char const* verdict = evaluator.ineligible() ? "ineligible" : evaluator.undetermined() ? "undetermined" : "eligible";
        std::cout << "batch: " << verdict;
        for (std::size_t a = 0; a < program.amounts.size(); ++a) {
            kisoku::eval::Value const& amount = evaluator.amount(a);
            std::cout << ", " << program.globals[program.amounts[a]].name << " "
                      << (amount.known() ? amount.number().to_string() : "unknown");
        }
        std::cout << '\n';
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: embedding_example RULES APPLICATION.json [NAME=VALUE ...]\n";
        return 2;
    }
    kisoku::Language const lang = kisoku::Language::en;

    // Load the rules once: every file is read, checked and compiled. Diagnostics (errors and
    // warnings) come with their file, line and column; with an error there are no rules.
    kisoku::LoadResult loaded = kisoku::load_rules(argv[1]);
    std::cerr << loaded.render(lang);
    if (!loaded.rules) return 1;
    kisoku::Rules const& rules = *loaded.rules;

    // One Session per thread, created once and reused; the Rules must outlive it.
    kisoku::Session session(rules);
    for (int i = 3; i < argc; ++i) {
        std::string_view const setting = argv[i];
        std::size_t const eq = setting.find('=');
        if (eq == std::string_view::npos) {
            std::cerr << "expected NAME=VALUE, not " << setting << '\n';
            return 2;
        }
        std::optional<kisoku::eval::InputError> error = session.set_parameter(setting.substr(0, eq), setting.substr(eq + 1));
        if (error) {
            std::cerr << error->path << ": " << kisoku::eval::message(*error, lang) << '\n';
            return 2;
        }
    }

    std::string application;
    if (!read_file(argv[2], application)) {
        std::cerr << "cannot read " << argv[2] << '\n';
        return 2;
    }

    // Decide the application: a Decision, or every input error with its JSON path.
    kisoku::EvaluationResult result = session.evaluate_json(application);
    if (!result.decision) {
        std::cerr << kisoku::eval::to_text(result.errors, lang);
        return 1;
    }
    kisoku::eval::Decision const& decision = *result.decision;

    std::cout << decision.title << " (FY" << decision.fiscal_year << ")\n";
    std::cout << "verdict: " << kisoku::eval::name(decision.verdict) << '\n';
    for (kisoku::eval::AmountResult const& amount : decision.amounts) {
        // An exact Number, never a floating-point value: to_string() gives "300000",
        // to_display_string() "300,000"; the summary shows how it was computed.
        std::cout << "amount " << amount.name << ": " << (amount.value ? amount.value->to_string() : "unknown") << '\n';
        std::cout << "  " << amount.summary << '\n';
    }
    for (kisoku::eval::ConditionResult const& condition : decision.conditions)
        if (condition.outcome == kisoku::eval::Outcome::fail)
            std::cout << "failed: " << condition.marker << ' ' << condition.label << " [" << condition.citation << "]\n";
    for (kisoku::eval::CheckFinding const& check : decision.checks)
        if (check.status == kisoku::eval::CheckStatus::raised)
            std::cout << (check.is_warning ? "warning: " : "error: ") << check.label << '\n';
    for (kisoku::eval::MissingInput const& missing : decision.missing)
        std::cout << "ask next: " << missing.path << " (" << missing.label << ")\n";
    std::cout << "documents required: " << decision.documents.size() << '\n';

    // The same decision in the kisoku.decision/1 JSON format, to store or send on, and as text for
    // people (what `kisoku eval --format text` prints; here only its line with the verdict).
    nlohmann::ordered_json const json = kisoku::eval::to_json(decision);
    std::cout << "json: format " << json["format"].get<std::string>() << ", verdict " << json["verdict"].get<std::string>() << '\n';
    std::istringstream text(kisoku::eval::to_text(decision, kisoku::Language::ja));
    for (std::string line; std::getline(text, line);)
        if (line.starts_with("判定")) std::cout << "text: " << line << '\n';

    // The fast path when only the verdict and the amounts are wanted: no Decision is built.
    std::vector<kisoku::eval::InputError> errors;
    if (kisoku::eval::Evaluator* evaluator = session.run_json(application, errors)) {
        kisoku::eval::Value const& amount = evaluator->amount(0);
        std::cout << "fast path: " << (evaluator->ineligible() ? "ineligible" : evaluator->undetermined() ? "undetermined" : "eligible")
                  << ", " << (amount.known() ? amount.number().to_string() : "unknown") << '\n';
    }

    // Many applications on this thread with the rules of one fiscal year, bound and evaluated in turn.
    decide_batch(*rules.for_fiscal_year(decision.fiscal_year), {application, application});
    return 0;
}
