// kisoku/check/load.hpp — a rule file from disk or memory, through every stage up to checking.
#pragma once

#include "kisoku/check/checker.hpp"
#include "kisoku/syntax/parser.hpp"

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

namespace kisoku::check {

// What loading one rule file gave: its text (which the diagnostics point into), the checked
// program when there was no error, and every diagnostic, in source order within each stage.
struct LoadedFile {
    std::shared_ptr<SourceText const> source;
    std::optional<CheckedProgram> program;
    std::vector<Diagnostic> diagnostics;
};

// Decodes, parses and checks rule text. `name` is what diagnostics call the file.
inline LoadedFile load_text(std::string name, std::string_view utf8, syntax::ParseLimits const& limits = {}) {
    LoadedFile result;
    auto decoded = decode_utf8(utf8);
    if (decoded.error_byte) {
        auto const at = static_cast<std::uint32_t>(decoded.text.size());
        result.source = std::make_shared<SourceText const>(std::move(name), std::move(decoded.text));
        result.diagnostics.push_back({Severity::error, "invalid-utf8", {at, at}, {std::to_string(*decoded.error_byte + 1)}});
        return result;
    }
    result.source = std::make_shared<SourceText const>(std::move(name), std::move(decoded.text));
    auto parsed = syntax::parse_file(*result.source, limits);
    result.diagnostics = std::move(parsed.diagnostics);
    if (!parsed.file) return result;
    auto checked = check_program(*parsed.file);
    result.diagnostics.insert(result.diagnostics.end(), checked.diagnostics.begin(), checked.diagnostics.end());
    result.program = std::move(checked.program);
    return result;
}

// Reads, parses and checks a rule file. An unreadable file is reported as a diagnostic too.
inline LoadedFile load_file(std::filesystem::path const& path, syntax::ParseLimits const& limits = {}) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        LoadedFile result;
        result.source = std::make_shared<SourceText const>(path.string(), std::u32string());
        result.diagnostics.push_back({Severity::error, "cannot-read-file", {0, 0}, {path.string()}});
        return result;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    return load_text(path.string(), buffer.str(), limits);
}

}  // namespace kisoku::check
