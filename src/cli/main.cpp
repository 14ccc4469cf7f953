// src/cli/main.cpp — the `kisoku` command-line tool.
//
// Each subcommand is a thin layer over the library: it reads its input, calls kisoku, and prints
// what came back. Exit status: 0 when everything succeeded, 1 when some input had an error,
// 2 for a usage error.
#include "kisoku/kisoku.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <string>
#include <vector>

namespace {

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

}  // namespace

int main(int argc, char** argv) {
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

    try {
        app.parse(argc, argv);
    } catch (CLI::ParseError const& e) {
        int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    try {
        if (*calc) return run_calc(calc->remaining(), lang, display);
        if (*check) return run_check(check_files, lang);
    } catch (std::exception const& e) {
        std::cerr << "kisoku: internal error: " << e.what() << '\n';
        return 1;
    }
    return 2;
}
