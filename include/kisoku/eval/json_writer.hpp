// kisoku/eval/json_writer.hpp — JSON text written straight into a string, without a DOM.
//
// A decision is written once per application, and building it as an nlohmann::json document first
// (a heap node for every key and value, then a second pass to print them) cost several times more
// than evaluating the application. JsonWriter appends to a caller's string instead, in exactly the
// bytes nlohmann::json's dump() would give for the same document (compact with indent -1, or
// pretty-printed with the given number of spaces), so that the two can be exchanged freely.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace kisoku::eval {

// Appends one JSON value to a string: objects and arrays opened and closed by the caller, keys and
// scalars in between. The caller keeps the structure well formed (a key before every value inside
// an object, every container closed); strings must be valid UTF-8, which every text kisoku holds
// is, since sources and applications are validated when read.
class JsonWriter {
public:
    // Writes into `out` (appending); `indent` < 0 writes compactly, otherwise one item per line
    // indented by `indent` spaces a level, as nlohmann::json's dump(indent) does.
    explicit JsonWriter(std::string& out, int indent = -1) : out_(out), indent_(indent) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    // The key of the next value, inside an object.
    void key(std::string_view k) {
        item();
        std::size_t const separator = indent_ >= 0 ? 2 : 1;  // ": " or ":".
        if (next_escape(k, 0) == k.size()) {
            // A key needs no escaping (as every key of a decision): quotes, key and colon in one go.
            char* const after = plain_quoted(k, separator);
            after[0] = ':';
            if (separator == 2) after[1] = ' ';
        } else {
            quoted(k);
            out_.append(": ", separator);
        }
        after_key_ = true;
    }

    void string(std::string_view s) {
        value();
        quoted(s);
    }
    void boolean(bool b) {
        value();
        if (b)
            out_.append("true", 4);
        else
            out_.append("false", 5);
    }
    void null() {
        value();
        out_.append("null", 4);
    }
    void integer(std::int64_t n) {
        value();
        out_ += std::to_string(n);
    }

    // Shorthands for a key and its value.
    void field(std::string_view k, std::string_view s) {
        key(k);
        string(s);
    }
    void field(std::string_view k, char const* s) { field(k, std::string_view(s)); }
    void field(std::string_view k, bool b) {
        key(k);
        boolean(b);
    }

private:
    // Before a value: after a key, nothing more; inside an array, what separates it from the
    // previous item.
    void value() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (!has_items_.empty()) item();
    }
    // Before an item of the innermost container: a comma after the previous one, then the line
    // break and indentation of pretty printing.
    void item() {
        if (has_items_.back()) out_ += ',';
        has_items_.back() = 1;
        line_break(has_items_.size());
    }
    void open(char bracket) {
        value();
        out_ += bracket;
        has_items_.push_back(0);
    }
    void close(char bracket) {
        bool const had_items = has_items_.back() != 0;
        has_items_.pop_back();
        if (had_items) line_break(has_items_.size());
        out_ += bracket;
    }
    // Appends `s`, which needs no escaping, in quotes, and makes room for `extra` bytes after it,
    // which the caller writes (a key's colon): one resize (which grows the capacity geometrically,
    // as appending does) rather than a call per piece. Returns where the extra bytes start.
    char* plain_quoted(std::string_view s, std::size_t extra) {
        std::size_t const size = out_.size();
        out_.resize(size + s.size() + 2 + extra);
        char* const at = out_.data() + size;
        at[0] = '"';
        std::memcpy(at + 1, s.data(), s.size());
        at[s.size() + 1] = '"';
        return at + s.size() + 2;
    }
    void line_break(std::size_t depth) {
        if (indent_ < 0) return;
        out_ += '\n';
        out_.append(depth * static_cast<std::size_t>(indent_), ' ');
    }
    // Whether any of the eight bytes of `word` is a control character, a quote or a backslash
    // (the classic tests for a byte below a bound and for a zero byte, exact for "any").
    static bool needs_escape(std::uint64_t word) {
        constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
        auto const zero_byte = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
        std::uint64_t const below_space = (word - ones * 0x20) & ~word & highs;
        return (below_space | zero_byte(word ^ (ones * '"')) | zero_byte(word ^ (ones * '\\'))) != 0;
    }
    static bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

    // The position of the first byte of `s` from `at` on that needs escaping, or s.size().
    static std::size_t next_escape(std::string_view s, std::size_t at) {
        for (; at + 8 <= s.size(); at += 8) {
            std::uint64_t word;
            std::memcpy(&word, s.data() + at, 8);
            if (needs_escape(word)) break;
        }
        while (at < s.size() && !needs_escape(static_cast<unsigned char>(s[at]))) ++at;
        return at;
    }

    // A string in quotes, escaped as nlohmann::json escapes it: the quote, the backslash and the
    // control characters; every other character, UTF-8 included, as it is. Runs of characters that
    // need nothing, which is nearly all of them, are found eight bytes at a time and copied at once.
    void quoted(std::string_view s) {
        if (next_escape(s, 0) == s.size()) {
            plain_quoted(s, 0);  // Nothing to escape, as nearly always: the quotes and the text in one go.
            return;
        }
        out_ += '"';
        for (std::size_t plain = 0;;) {
            std::size_t const at = next_escape(s, plain);
            out_.append(s.data() + plain, at - plain);
            if (at == s.size()) break;
            plain = at + 1;
            auto const c = static_cast<unsigned char>(s[at]);
            switch (c) {
                case '"': out_ += "\\\""; break;
                case '\\': out_ += "\\\\"; break;
                case '\b': out_ += "\\b"; break;
                case '\f': out_ += "\\f"; break;
                case '\n': out_ += "\\n"; break;
                case '\r': out_ += "\\r"; break;
                case '\t': out_ += "\\t"; break;
                default: {
                    static constexpr char hex[] = "0123456789abcdef";
                    char const escaped[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
                    out_.append(escaped, sizeof escaped);
                }
            }
        }
        out_ += '"';
    }

    std::string& out_;
    int indent_;
    bool after_key_ = false;
    // One entry per open container: whether it has an item yet.
    std::vector<char> has_items_;
};

}  // namespace kisoku::eval
