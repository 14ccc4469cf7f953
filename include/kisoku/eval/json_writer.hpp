// kisoku/eval/json_writer.hpp — JSON text written straight into a string, without a DOM.
//
// A decision is written once per application, and building it as an nlohmann::json document first
// (a heap node for every key and value, then a second pass to print them) cost several times more
// than evaluating the application. JsonWriter appends to a caller's string instead, in exactly the
// bytes nlohmann::json's dump() would give for the same document (compact with indent -1, or
// pretty-printed with the given number of spaces), so that the two can be exchanged freely.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace kisoku::eval {

// Appends one JSON value to a string: objects and arrays opened and closed by the caller, keys and
// scalars in between. The caller keeps the structure well formed (a key before every value inside
// an object, every container closed); strings must be valid UTF-8, which every text kisoku holds
// is, since sources and applications are validated when read.
//
// The string is written through a pointer into spare room at its end, which the writer makes by
// growing the string geometrically; the spare bytes are cut off when the outermost value is
// complete. Until then the string may hold them past the text written so far: read it, or append
// to it, once the value is complete. (Appending piece by piece cost a call and a capacity test for
// every quote, comma and colon, and growing by `resize` for each string filled the bytes it then
// copied over; a decision is some five hundred keys and strings.)
class JsonWriter {
public:
    // Writes into `out` (appending); `indent` < 0 writes compactly, otherwise one item per line
    // indented by `indent` spaces a level, as nlohmann::json's dump(indent) does.
    explicit JsonWriter(std::string& out, int indent = -1) : out_(out), indent_(indent), end_(out.size()) {}

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    // The key of the next value, inside an object.
    void key(std::string_view k) {
        item();
        std::size_t const separator = indent_ >= 0 ? 2 : 1;  // ": " or ":".
        if (plain(k)) {
            // A key needs no escaping (as every key of a decision): quotes, key and colon in one go.
            char* const after = plain_quoted(k, separator);
            after[0] = ':';
            if (separator == 2) after[1] = ' ';
        } else {
            quoted(k);
            put(": ", separator);
        }
        after_key_ = true;
    }

    void string(std::string_view s) {
        value();
        quoted(s);
        value_done();
    }
    void boolean(bool b) {
        value();
        if (b)
            put("true", 4);
        else
            put("false", 5);
        value_done();
    }
    void null() {
        value();
        put("null", 4);
        value_done();
    }
    void integer(std::int64_t n) {
        value();
        char* const at = room(24);  // At most 20 characters.
        end_ = static_cast<std::size_t>(std::to_chars(at, at + 24, n).ptr - out_.data());
        value_done();
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
    // `n` bytes of room at the end of the text, which the caller fills: the string grows (to twice
    // its size at least) only when its spare room runs out.
    char* room(std::size_t n) {
        if (out_.size() - end_ < n) [[unlikely]]
            grow(n);
        char* const at = out_.data() + end_;
        end_ += n;
        return at;
    }
    // Makes room for `n` more bytes: the whole capacity first (a string reused from one decision
    // to the next keeps it), then twice the size.
    [[gnu::noinline]] void grow(std::size_t n) {
        out_.resize(std::max({end_ + n, 2 * out_.size(), out_.capacity(), std::size_t{256}}));
    }
    void put(char c) { *room(1) = c; }
    void put(char const* s, std::size_t n) { std::memcpy(room(n), s, n); }
    // After a value: when it was the outermost one, the text is complete and the spare room is
    // cut off.
    void value_done() {
        if (has_items_.empty()) out_.resize(end_);
    }

    // Before a value: after a key, nothing more; inside an array, what separates it from the
    // previous item.
    void value() {
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (!has_items_.empty())
            item();
        else
            end_ = out_.size();  // A new outermost value, after whatever the string holds now.
    }
    // Before an item of the innermost container: a comma after the previous one, then the line
    // break and indentation of pretty printing.
    void item() {
        if (has_items_.back()) put(',');
        has_items_.back() = 1;
        line_break(has_items_.size());
    }
    void open(char bracket) {
        value();
        put(bracket);
        has_items_.push_back(0);
    }
    void close(char bracket) {
        bool const had_items = has_items_.back() != 0;
        has_items_.pop_back();
        if (had_items) line_break(has_items_.size());
        put(bracket);
        value_done();
    }
    // Writes `s`, which needs no escaping, in quotes, and makes room for `extra` bytes after it,
    // which the caller writes (a key's colon). Returns where the extra bytes start.
    char* plain_quoted(std::string_view s, std::size_t extra) {
        char* const at = room(s.size() + 2 + extra);
        at[0] = '"';
        std::memcpy(at + 1, s.data(), s.size());
        at[s.size() + 1] = '"';
        return at + s.size() + 2;
    }
    void line_break(std::size_t depth) {
        if (indent_ < 0) return;
        std::size_t const spaces = depth * static_cast<std::size_t>(indent_);
        char* const at = room(1 + spaces);
        at[0] = '\n';
        std::memset(at + 1, ' ', spaces);
    }
    // Whether any byte of `word` (four or eight bytes) is a control character, a quote or a
    // backslash (the classic tests for a byte below a bound and for a zero byte, exact for "any").
    template <class Word>
    static bool needs_escape(Word word) {
        constexpr Word ones = static_cast<Word>(0x0101010101010101ULL), highs = static_cast<Word>(0x8080808080808080ULL);
        auto const zero_byte = [](Word v) { return static_cast<Word>((v - ones) & ~v & highs); };
        Word const below_space = static_cast<Word>((word - ones * 0x20) & ~word & highs);
        return (below_space | zero_byte(word ^ static_cast<Word>(ones * '"')) | zero_byte(word ^ static_cast<Word>(ones * '\\'))) != 0;
    }
    static bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }
    template <class Word>
    static Word load(char const* p) {
        Word w;
        std::memcpy(&w, p, sizeof w);
        return w;
    }
#if defined(__SSE2__)
    // Whether any of the sixteen bytes at `p` is at most 0x1F (unsigned), a quote or a backslash.
    static bool needs_escape16(char const* p) {
        __m128i const control = _mm_set1_epi8(0x1F);
        __m128i const bytes = _mm_loadu_si128(reinterpret_cast<__m128i const*>(p));
        __m128i const hits = _mm_or_si128(_mm_cmpeq_epi8(_mm_max_epu8(bytes, control), control),
                                          _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')),
                                                       _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'))));
        return _mm_movemask_epi8(hits) != 0;
    }
#endif

    // Whether `s` needs no escaping, as nearly every text of a decision: tested in blocks of
    // sixteen bytes with SSE2 (every x86-64), else of eight, the last block overlapping the one
    // before it rather than testing the last few bytes one at a time.
    static bool plain(std::string_view s) {
        char const* const p = s.data();
        std::size_t const n = s.size();
#if defined(__SSE2__)
        if (n >= 16) {
            for (std::size_t at = 0; at + 16 <= n; at += 16)
                if (needs_escape16(p + at)) return false;
            return n % 16 == 0 || !needs_escape16(p + n - 16);
        }
#endif
        if (n >= 8) {
            for (std::size_t at = 0; at + 8 <= n; at += 8)
                if (needs_escape(load<std::uint64_t>(p + at))) return false;
            return n % 8 == 0 || !needs_escape(load<std::uint64_t>(p + n - 8));
        }
        if (n >= 4) return !needs_escape(load<std::uint32_t>(p)) && !needs_escape(load<std::uint32_t>(p + n - 4));
        for (std::size_t at = 0; at < n; ++at)
            if (needs_escape(static_cast<unsigned char>(p[at]))) return false;
        return true;
    }

    // The position of the first byte of `s` from `at` on that needs escaping, or s.size(); for
    // the few texts that are not plain.
    static std::size_t next_escape(std::string_view s, std::size_t at) {
        for (; at + 8 <= s.size(); at += 8)
            if (needs_escape(load<std::uint64_t>(s.data() + at))) break;
        while (at < s.size() && !needs_escape(static_cast<unsigned char>(s[at]))) ++at;
        return at;
    }

    // A string in quotes, escaped as nlohmann::json escapes it: the quote, the backslash and the
    // control characters; every other character, UTF-8 included, as it is. Runs of characters that
    // need nothing, which is nearly all of them, are found eight bytes at a time and copied at once.
    void quoted(std::string_view s) {
        if (plain(s)) {
            plain_quoted(s, 0);  // Nothing to escape, as nearly always: the quotes and the text in one go.
            return;
        }
        put('"');
        for (std::size_t from = 0;;) {
            std::size_t const at = next_escape(s, from);
            put(s.data() + from, at - from);
            if (at == s.size()) break;
            from = at + 1;
            auto const c = static_cast<unsigned char>(s[at]);
            switch (c) {
                case '"': put("\\\"", 2); break;
                case '\\': put("\\\\", 2); break;
                case '\b': put("\\b", 2); break;
                case '\f': put("\\f", 2); break;
                case '\n': put("\\n", 2); break;
                case '\r': put("\\r", 2); break;
                case '\t': put("\\t", 2); break;
                default: {
                    static constexpr char hex[] = "0123456789abcdef";
                    char const escaped[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
                    put(escaped, sizeof escaped);
                }
            }
        }
        put('"');
    }

    std::string& out_;
    int indent_;
    std::size_t end_;  // The end of the text written, at or before out_.size().
    bool after_key_ = false;
    // One entry per open container: whether it has an item yet.
    std::vector<char> has_items_;
};

}  // namespace kisoku::eval
