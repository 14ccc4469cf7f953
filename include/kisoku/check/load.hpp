// kisoku/check/load.hpp — a rule file from disk or memory, through every stage up to checking.
#pragma once

#include "kisoku/check/checker.hpp"
#include "kisoku/syntax/identifier.hpp"
#include "kisoku/syntax/parser.hpp"

#include <cstdio>
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
    // A control character (a NUL byte, say) is not text anyone wrote on purpose: refuse it where it
    // is, rather than let it hide inside a label or a name.
    std::u32string_view const text = result.source->text();
    for (std::size_t i = 0; i < text.size(); ++i) {
        char32_t const c = text[i];
        if ((c < 0x20 && c != U'\t' && c != U'\n' && c != U'\r') || c == 0x7F) {
            char code[8];
            std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
            auto const at = static_cast<std::uint32_t>(i);
            result.diagnostics.push_back({Severity::error, "control-character", {at, at + 1}, {code}});
            return result;
        }
    }
    // A name longer than the limit (outside quotes, where any length of text is allowed).
    bool quoted = false;
    char32_t close = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char32_t const c = text[i];
        if (quoted) {
            if (c == U'\\') ++i;  // An escaped character.
            else if (c == close) quoted = false;
            continue;
        }
        if (c == U'"' || c == U'「' || c == U'[' || c == U'［') {  // Text and citations.
            quoted = true;
            close = c == U'"' ? U'"' : c == U'「' ? U'」' : c == U'[' ? U']' : U'］';
            continue;
        }
        if (c == U'#') {  // A comment, to the end of the line.
            while (i < text.size() && text[i] != U'\n') ++i;
            continue;
        }
        if (!(c == U'_' || syntax::is_identifier_start(c))) continue;
        std::size_t end = i + 1;
        while (end < text.size() && syntax::is_identifier_continue(text[end])) ++end;
        if (end - i > limits.max_identifier_length) {
            auto const at = static_cast<std::uint32_t>(i);
            result.diagnostics.push_back({Severity::error, "identifier-too-long", {at, at + 1},
                                          {std::to_string(end - i), std::to_string(limits.max_identifier_length)}});
            return result;
        }
        i = end - 1;
    }
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
