// kisoku/diagnostic.hpp — problems found in rule text or an expression, as data.
//
// A Diagnostic carries a severity, a stable code from the message catalogue, the span it is about
// and the arguments of its message; the words are chosen only when it is rendered, in English or
// Japanese. Rendering follows the format editors and CI understand,
//     FILE:LINE:COL: error: MESSAGE [code]
// followed by the source line and a caret under the span.
#pragma once

#include "kisoku/messages.hpp"
#include "kisoku/source.hpp"

#include <string>
#include <vector>

namespace kisoku {

enum class Severity { error, warning, note };

constexpr std::string_view name(Severity s) noexcept {
    switch (s) {
        case Severity::error: return "error";
        case Severity::warning: return "warning";
        case Severity::note: return "note";
    }
    return "error";
}

struct Diagnostic {
    Severity severity = Severity::error;
    // A stable code from kisoku/messages.hpp, such as "literal-thousands-group".
    std::string_view code;
    SourceSpan span;
    // The message's arguments, substituted for {0}, {1}, … in the catalogue's text.
    std::vector<std::string> args;
};

// The message of a diagnostic in the given language, without location or severity.
inline std::string message(Diagnostic const& d, Language lang) { return format_message(d.code, lang, d.args); }

// The caret line under `line` for the columns [begin, end) (1-based, in code points), padded by
// display width so that it lines up under wide characters.
inline std::string caret_line(std::u32string_view line, std::uint32_t begin, std::uint32_t end) {
    std::string out;
    std::uint32_t column = 1;
    for (char32_t c : line) {
        if (column >= begin) break;
        if (c == U'\t')
            out.push_back('\t');
        else
            out.append(static_cast<std::size_t>(display_width(c)), ' ');
        ++column;
    }
    out.push_back('^');
    int extra = 0;
    for (std::uint32_t col = begin + 1; col < end && col - 1 < line.size(); ++col)
        extra += display_width(line[col - 1]);
    if (end > begin + 1 && begin - 1 < line.size()) extra += display_width(line[begin - 1]) - 1;
    out.append(static_cast<std::size_t>(std::max(extra, 0)), '~');
    return out;
}

// FILE:LINE:COL: SEVERITY: MESSAGE [code], the source line, and a caret under the span.
inline std::string render(Diagnostic const& d, SourceText const& source, Language lang) {
    SourceLocation at = source.location(d.span.begin);
    std::string out = source.name() + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) + ": " +
                      std::string(name(d.severity)) + ": " + message(d, lang) + " [" + std::string(d.code) + "]\n";
    std::u32string_view line = source.line_text(at.line);
    SourceLocation last = source.location(std::max(d.span.end, d.span.begin + 1) - 1);
    std::uint32_t end_column = last.line == at.line ? last.column + 1 : static_cast<std::uint32_t>(line.size()) + 1;
    out += "  " + encode_utf8(line) + "\n";
    out += "  " + caret_line(line, at.column, end_column) + "\n";
    return out;
}

inline bool has_errors(std::vector<Diagnostic> const& diagnostics) {
    for (auto const& d : diagnostics)
        if (d.severity == Severity::error) return true;
    return false;
}

}  // namespace kisoku
