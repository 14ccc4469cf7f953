// src/cli/main.cpp — the `kisoku` command-line tool.
//
// Each subcommand is a thin layer over the library: it reads its input, calls kisoku, and prints
// what came back. Exit status: 0 when everything succeeded, 1 when some input had an error,
// 2 for a usage error.
#include "kisoku/diff.hpp"
#include "kisoku/eval/generate_cpp.hpp"
#include "kisoku/eval/native_library.hpp"
#include "kisoku/kisoku.hpp"
#include "kisoku/testing.hpp"

#include <CLI/CLI.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

// Set by the SIGINT handler while rules are compiled (see run_eval).
volatile std::sig_atomic_t interrupted = 0;
extern "C" void note_interrupt(int) { interrupted = 1; }

kisoku::Language parse_language(std::string const& lang) { return lang == "ja" ? kisoku::Language::ja : kisoku::Language::en; }

// Answers one expression: the value on standard output, or an `error:` line there and the
// rendered diagnostics (source line and caret) on standard error. Returns false on error.
bool answer_expression(std::string const& text, std::string const& name, std::uint32_t line, kisoku::Language lang,
                       bool display) {
    kisoku::CalcResult result = kisoku::calculate(text, name, line);
    if (result.value) {
        std::cout << (display ? result.value->to_display_string() : result.value->to_string()) << '\n';
        return true;
    }
    bool first = true;
    for (auto const& d : result.diagnostics) {
        if (first && d.severity == kisoku::Severity::error) {
            auto at = result.source->location(d.span.begin);
            std::cout << "error: column " << at.column << ": " << kisoku::message(d, lang) << " [" << d.code << "]\n";
            first = false;
        }
        std::cerr << kisoku::render(d, *result.source, lang);
    }
    return false;
}

int run_calc(std::vector<std::string> const& expressions, std::string const& lang, bool display) {
    kisoku::Language language = parse_language(lang);
    bool all_ok = true;
    if (!expressions.empty()) {
        for (std::size_t i = 0; i < expressions.size(); ++i)
            all_ok &= answer_expression(expressions[i], "<argument " + std::to_string(i + 1) + ">", 1, language, display);
    } else {
        std::string line;
        std::uint32_t number = 0;
        while (std::getline(std::cin, line)) {
            ++number;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            all_ok &= answer_expression(line, "<stdin>", static_cast<std::uint32_t>(number), language, display);
        }
    }
    std::cout.flush();
    return all_ok ? 0 : 1;
}

// Checks rule files and prints every diagnostic. Returns 0 when no file has an error.
int run_check(std::vector<std::string> const& files, std::string const& lang) {
    kisoku::Language language = parse_language(lang);
    std::size_t errors = 0, warnings = 0;
    for (auto const& file : files) {
        auto loaded = kisoku::check::load_file(file);
        for (auto const& d : loaded.diagnostics) {
            if (d.code == "cannot-read-file")
                std::cout << file << ": error: " << kisoku::message(d, language) << " [" << d.code << "]\n";
            else
                std::cout << kisoku::render(d, *loaded.source, language);
            errors += d.severity == kisoku::Severity::error;
            warnings += d.severity == kisoku::Severity::warning;
        }
    }
    // The summary is in the language of the messages; the severity words in each diagnostic stay
    // English (error:, warning:), the form editors and CI parse.
    if (errors + warnings > 0) {
        if (language == kisoku::Language::ja)
            std::cerr << "エラー " << errors << " 件、警告 " << warnings << " 件\n";
        else
            std::cerr << errors << (errors == 1 ? " error, " : " errors, ") << warnings
                      << (warnings == 1 ? " warning\n" : " warnings\n");
    }
    std::cout.flush();
    return errors == 0 ? 0 : 1;
}

// Where applications come from: a JSON file (one application), a .jsonl file or `-` (standard
// input), one application per line.
struct ApplicationsInput {
    std::ifstream file;
    std::istream* in = &std::cin;
    bool lines = false;

    // Opens `name`; false (with a message) when the file cannot be read.
    bool open(std::string const& name) {
        lines = name == "-" || name.ends_with(".jsonl");
        if (name == "-") return true;
        file.open(name, std::ios::binary);
        if (!file) {
            std::cerr << "kisoku: cannot read " << name << '\n';
            return false;
        }
        in = &file;
        return true;
    }
    // The whole text, for a single application.
    std::string text() {
        std::stringstream buffer;
        buffer << in->rdbuf();
        return buffer.str();
    }
};

// Calls `each(line, number)` for every application of a JSON Lines stream: lines numbered from 1,
// a trailing CR taken off, blank lines skipped (their numbers still counted).
template <typename Each>
void for_each_line(std::istream& in, Each&& each) {
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        each(line, number);
    }
}

// Prints one decision (or the input errors of one application) in the chosen format.
void print_result(kisoku::EvaluationResult const& result, bool json, bool one_line, kisoku::Language language) {
    if (result.decision) {
        if (json) {
            // One buffer for every decision of a stream: it keeps its capacity from line to line.
            static std::string text;
            text.clear();
            kisoku::eval::write_json(*result.decision, text, one_line ? -1 : 2);
            text += '\n';
            std::cout << text;
        } else {
            std::cout << kisoku::eval::to_text(*result.decision, language);
        }
        return;
    }
    if (json)
        std::cout << kisoku::eval::input_errors_json(result.errors, language).dump(one_line ? -1 : 2) << '\n';
    else
        std::cout << kisoku::eval::to_text(result.errors, language);
}

struct EvalOptions {
    std::string rules, application, format = "json", lang = "ja";
    int fiscal_year = 0;
    std::vector<std::string> parameters;  // NAME=VALUE
    std::string native_cache;             // --native-cache DIR: compile the rules there (empty: no)
};

// Evaluates applications: one JSON file, or one application per line (a .jsonl file or `-`),
// streaming: each line is decided and printed before the next is read.
int run_eval(EvalOptions const& options) {
    kisoku::Language language = parse_language(options.lang);
    auto loaded = kisoku::load_rules(options.rules);
    std::cerr << loaded.render(language);
    if (!loaded.rules) return 1;
    // Each fiscal year's rules compiled to native code, or found compiled in the cache; a year
    // that cannot be is decided by the interpreter, with a warning. Declared before the session,
    // which calls into them, so that they outlive it.
    std::vector<std::shared_ptr<kisoku::eval::NativeLibrary const>> libraries;
    kisoku::Session session(*loaded.rules);
    if (!options.native_cache.empty()) {
        kisoku::eval::NativeBuildOptions build;
        build.cache_directory = options.native_cache;
        // The compiler runs in a process group of its own, which a Ctrl-C at the terminal does not
        // reach: the tool notes it, stops the compiler, and then stops as Ctrl-C would have
        // stopped it. (Not when SIGINT is ignored, as for a command started in the background.)
        struct sigaction previous {};
        sigaction(SIGINT, nullptr, &previous);
        bool const watch = previous.sa_handler != SIG_IGN;
        if (watch) {
            struct sigaction action {};
            action.sa_handler = note_interrupt;
            sigemptyset(&action.sa_mask);
            sigaction(SIGINT, &action, nullptr);
            build.stop_requested = [] { return interrupted != 0; };
        }
        for (auto const& year : loaded.rules->years) {
            auto built = kisoku::eval::build_native_library(*year, build);
            if (interrupted) {
                sigaction(SIGINT, &previous, nullptr);
                std::raise(SIGINT);
                return 130;
            }
            if (built.error) {
                std::cerr << "kisoku: " << (language == kisoku::Language::ja ? "警告" : "warning") << ": "
                          << built.error->render(language) << " [" << built.error->code << "]\n";
                continue;
            }
            session.set_native(built.library->rules());
            libraries.push_back(std::move(built.library));
        }
        if (watch) sigaction(SIGINT, &previous, nullptr);
    }
    for (auto const& parameter : options.parameters) {
        auto eq = parameter.find('=');
        if (eq == std::string::npos) {
            std::cerr << "kisoku: --param expects NAME=VALUE, got " << parameter << '\n';
            return 2;
        }
        if (auto error = session.set_parameter(parameter.substr(0, eq), parameter.substr(eq + 1))) {
            std::cerr << error->path << ": " << kisoku::eval::message(*error, language) << " [" << error->code << "]\n";
            return 2;
        }
    }
    bool const json = options.format == "json";
    ApplicationsInput input;
    if (!input.open(options.application)) return 2;
    std::istream* in = input.in;
    bool all_ok = true;
    if (!input.lines) {
        auto result = session.evaluate_json(input.text(), options.fiscal_year);
        all_ok = result.decision.has_value();
        print_result(result, json, false, language);
        return all_ok ? 0 : 1;
    }
    for_each_line(*in, [&](std::string const& line, std::size_t number) {
        auto result = session.evaluate_json(line, options.fiscal_year);
        all_ok = all_ok && result.decision.has_value();
        // In text, each application's answer starts with a header naming its line.
        if (!json) std::cout << (number > 1 ? "\n" : "") << "=== line " << number << " ===\n";
        if (json && !result.decision) {
            auto j = kisoku::eval::input_errors_json(result.errors, language);
            j["line"] = number;
            std::cout << j.dump() << '\n';
        } else {
            print_result(result, json, true, language);
        }
        // Each decision is sent as soon as it is made when the applications arrive one at a time
        // (a pipe from a portal); when more are already waiting, the output is written in blocks.
        if (in->rdbuf()->in_avail() <= 0) std::cout.flush();
    });
    std::cout.flush();
    return all_ok ? 0 : 1;
}

// `kisoku diff`: the report of kisoku::RulesDiff for each application, then the counts. Exit status
// as diff's: 0 when nothing changes, 1 when some application's result does, 2 for trouble.
int run_diff(std::string const& old_path, std::string const& new_path, std::string const& applications, std::string const& lang) {
    kisoku::Language const language = parse_language(lang);
    auto old_rules = kisoku::load_rules(old_path);
    auto new_rules = kisoku::load_rules(new_path);
    std::cerr << old_rules.render(language) << new_rules.render(language);
    if (!old_rules.rules || !new_rules.rules) return 2;
    ApplicationsInput input;
    if (!input.open(applications)) return 2;
    kisoku::RulesDiff diff(*old_rules.rules, *new_rules.rules, language);
    if (input.lines)
        for_each_line(*input.in, [&](std::string const& text, std::size_t number) { std::cout << diff.application(text, diff.line(number)); });
    else
        std::cout << diff.application(input.text(), applications);
    std::cout << diff.summary();
    return diff.changed() ? 1 : 0;
}

// The program of the fiscal year asked for (0: the latest) of a rule file or directory, with the
// diagnostics of loading it on standard error; null with `status` 1 when the rules do not load and
// 2 when they have no such year.
std::shared_ptr<kisoku::eval::Program const> load_year(std::string const& rules_path, int fiscal_year, kisoku::Language language,
                                                       int& status) {
    auto loaded = kisoku::load_rules(rules_path);
    std::cerr << loaded.render(language);
    status = 1;
    if (!loaded.rules) return nullptr;
    kisoku::eval::Program const* program = loaded.rules->for_fiscal_year_or_latest(fiscal_year);
    status = 2;
    if (!program) {
        std::cerr << "kisoku: no rules for fiscal year " << fiscal_year << " (there are " << loaded.rules->describe_years() << ")\n";
        return nullptr;
    }
    for (auto const& year : loaded.rules->years)
        if (year.get() == program) return year;
    return nullptr;
}

// Prints the JSON Schema of the applications a program decides: of the fiscal year asked for, or
// of the latest year of a directory of yearly files.
int run_schema(std::string const& rules_path, int fiscal_year, std::string const& lang) {
    int status = 0;
    auto const program = load_year(rules_path, fiscal_year, parse_language(lang), status);
    if (!program) return status;
    std::cout << kisoku::eval::input_schema(*program).dump(2) << '\n';
    return 0;
}

// Writes the C++ that decides a program natively (kisoku/eval/generate_cpp.hpp): to standard
// output, or to `output`, which is left untouched when it already holds the same text (so that a
// build that generates it at every run recompiles nothing).
int run_generate(std::string const& rules_path, int fiscal_year, std::string const& name_space, std::string const& output,
                 std::string const& lang) {
    kisoku::Language language = parse_language(lang);
    if (!kisoku::eval::is_cpp_namespace(name_space)) {
        std::cerr << "kisoku: --namespace '" << name_space << "' is not a C++ namespace name (such as city::dxlab2025)\n";
        return 2;
    }
    int status = 0;
    auto const program = load_year(rules_path, fiscal_year, language, status);
    if (!program) return status;
    std::string const code = kisoku::eval::generate_cpp(*program, name_space);
    if (output.empty() || output == "-") {
        std::cout << code;
        return 0;
    }
    {
        std::ifstream existing(output, std::ios::binary);
        std::ostringstream held;
        held << existing.rdbuf();
        if (existing && held.str() == code) return 0;
    }
    std::ofstream out(output, std::ios::binary | std::ios::trunc);
    out << code;
    out.close();
    if (!out) {
        std::cerr << "kisoku: cannot write " << output << '\n';
        return 1;
    }
    return 0;
}

// Runs the test cases of rule files: each *.tests.yaml given or found under a directory. Prints the
// failing cases (every case with --verbose), expected against actual, and a summary line.
int run_test(std::vector<std::string> const& paths, bool verbose, std::string const& lang) {
    auto summary = kisoku::testing::run_paths(
        paths, verbose,
        [](std::string_view text) {
            std::cout << text;
            std::cout.flush();
        },
        parse_language(lang));
    if (!summary.usage_error.empty()) std::cerr << "kisoku: " << summary.usage_error << '\n';
    return summary.status();
}

}  // namespace

int main(int argc, char** argv) {
    // The tool writes only through iostreams: unsynchronised from C's stdio, standard input gets a
    // buffer of its own (which `kisoku eval -` reads lines from, and asks whether more are waiting),
    // and reading it no longer flushes the output each time; eval flushes as each decision is due.
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    CLI::App app{"kisoku — exact rules for public subsidy and grant programs"};
    app.set_version_flag("--version", std::string("kisoku ") + kisoku::version);
    app.require_subcommand(1);

    std::string lang = "en";
    app.add_option("--lang", lang, "Language of messages: en or ja")->check(CLI::IsMember({"en", "ja"}));

    auto* calc = app.add_subcommand(
        "calc", "Evaluate expressions exactly: each argument, or one expression per line of standard input");
    // Expressions are taken as the unparsed rest of the line, so that `kisoku calc -3` is the
    // expression -3 and not an unknown option.
    calc->allow_extras();
    calc->footer("Expressions: each remaining argument, such as '900000円 * 2/3'.");
    bool display = false;
    calc->add_flag("--display", display, "Print with thousands separators (600,000円)");
    calc->add_option("--lang", lang, "Language of messages: en or ja")->check(CLI::IsMember({"en", "ja"}));

    auto* check = app.add_subcommand("check", "Check rule files: report every error and warning, with its place");
    std::vector<std::string> check_files;
    check->add_option("file", check_files, "Rule files to check")->required();
    check->add_option("--lang", lang, "Language of messages: en or ja")->check(CLI::IsMember({"en", "ja"}));

    auto* eval = app.add_subcommand("eval", "Evaluate applications: a decision with its verdict, amounts and explanation");
    EvalOptions eval_options;
    eval->add_option("rules", eval_options.rules, "A rule file, or a directory with one file per fiscal year")->required();
    eval->add_option("application", eval_options.application,
                     "An application as JSON; a .jsonl file or - (standard input) for one application per line")
        ->required();
    eval->add_option("--format", eval_options.format, "Output: json or text")->check(CLI::IsMember({"json", "text"}));
    eval->add_option("--lang", eval_options.lang, "Language of text and messages: ja or en")->check(CLI::IsMember({"en", "ja"}));
    eval->add_option("--fiscal-year", eval_options.fiscal_year, "Use the rules of this fiscal year (2025, not the application's date)");
    eval->add_option("--param", eval_options.parameters, "Supply a required parameter: NAME=VALUE (such as 補助率=1/2)");
    eval->add_option("--native-cache", eval_options.native_cache,
                     "Compile the rules to native code with the C++ compiler ($CXX, else c++) and keep them in this directory; "
                     "compiled rules found there are used without compiling");

    auto* diff = app.add_subcommand("diff", "Decide applications with two sets of rules and show whose result changes, and how");
    std::string diff_old, diff_new, diff_applications;
    diff->add_option("old", diff_old, "The rules before: a rule file (its year applied to every application) or a directory")->required();
    diff->add_option("new", diff_new, "The rules after: a rule file or a directory")->required();
    diff->add_option("applications", diff_applications, "An application as JSON; a .jsonl file or - for one application per line")->required();
    diff->add_option("--lang", lang, "Language of the report: en or ja")->check(CLI::IsMember({"en", "ja"}));

    auto* schema = app.add_subcommand("schema", "Print the JSON Schema of the applications a program decides");
    std::string schema_rules;
    int schema_year = 0;
    schema->add_option("rules", schema_rules, "A rule file, or a directory with one file per fiscal year (the latest is used)")->required();
    schema->add_option("--fiscal-year", schema_year, "The fiscal year whose input to describe");

    auto* generate = app.add_subcommand("generate", "Write a program's rules as code to compile with the host (see docs/embedding.md)");
    std::string generate_target, generate_rules, generate_namespace, generate_output;
    int generate_year = 0;
    generate->add_option("target", generate_target, "What to write: cpp (a C++ header for Evaluator::set_native)")
        ->required()
        ->check(CLI::IsMember({"cpp"}));
    generate->add_option("rules", generate_rules, "A rule file, or a directory with one file per fiscal year (the latest is used)")->required();
    generate->add_option("--namespace", generate_namespace, "The C++ namespace of the generated code (such as city::dxlab2025)")->required();
    generate->add_option("--fiscal-year", generate_year, "The fiscal year whose rules to write");
    generate->add_option("-o,--output", generate_output, "Write to this file (unchanged when it already holds the same code)");
    generate->add_option("--lang", lang, "Language of messages: en or ja")->check(CLI::IsMember({"en", "ja"}));

    auto* test = app.add_subcommand("test", "Run the test cases of rule files (*.tests.yaml): files, or directories searched recursively");
    std::vector<std::string> test_paths;
    bool test_verbose = false;
    test->add_option("path", test_paths, "Test files, rule files (the NAME.tests.yaml beside NAME.kisoku), or directories to search")->required();
    test->add_flag("-v,--verbose", test_verbose, "List every case, passing ones too");
    test->add_option("--lang", lang, "Language of the report: en or ja")->check(CLI::IsMember({"en", "ja"}));

    try {
        app.parse(argc, argv);
    } catch (CLI::ParseError const& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    try {
        if (*calc) return run_calc(calc->remaining(), lang, display);
        if (*check) return run_check(check_files, lang);
        if (*eval) return run_eval(eval_options);
        if (*test) return run_test(test_paths, test_verbose, lang);
        if (*schema) return run_schema(schema_rules, schema_year, lang);
        if (*generate) return run_generate(generate_rules, generate_year, generate_namespace, generate_output, lang);
        if (*diff) return run_diff(diff_old, diff_new, diff_applications, lang);
    } catch (std::exception const& e) {
        std::cerr << "kisoku: internal error: " << e.what() << '\n';
        return 1;
    }
    return 2;
}
