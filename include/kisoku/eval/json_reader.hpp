// kisoku/eval/json_reader.hpp — a fast reader of the JSON text of applications.
//
// bind_json reads an application with this reader when the in-order binder
// (kisoku/eval/bind_in_order.hpp) gives up on it. It walks the text once, checks it as
// nlohmann/json's parser does (RFC 8259 JSON, strictly valid UTF-8 in strings, nothing but white
// space after the value) and hands the builder the events nlohmann/json's SAX parser would hand it,
// in the same order, with every key and string as a view into the text instead of a copy.
//
// It reads the JSON that applications are made of, and gives up on anything else: an escape
// sequence in a string (\n, \", \u00e9), a number with an exponent (1e3), an integer of more
// than 18 digits, a byte-order mark, nesting deeper than max_depth, or any error at all. bind_json
// then starts the application again and reads the text with nlohmann/json, which decodes escapes
// and words the error messages. So whichever reader finishes, the builder sees the same events, and
// the application and its input errors are the same.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace kisoku::eval::detail {

// Whether two texts are equal. Keys, field names and enum values are short (a Japanese name of
// two to seven characters is 6 to 21 bytes), so texts of up to 16 bytes are compared with two
// overlapping loads and no loop: a call to memcmp, or a loop over the bytes of the tail, cost more
// than the comparison, and its exit, which depends on the length, was often mispredicted.
[[gnu::always_inline]] inline bool same_text(std::string_view a, std::string_view b) noexcept {
    std::size_t const n = a.size();
    if (n != b.size()) return false;
    char const* const x = a.data();
    char const* const y = b.data();
    auto const load8 = [](char const* p) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        return w;
    };
    auto const load4 = [](char const* p) {
        std::uint32_t w;
        std::memcpy(&w, p, 4);
        return w;
    };
    if (n > 16) {
        // Whole words up to the last, then the last eight bytes (which may overlap the words).
        for (std::size_t i = 0; i + 8 < n; i += 8)
            if (load8(x + i) != load8(y + i)) return false;
        return load8(x + n - 8) == load8(y + n - 8);
    }
    if (n >= 8) return ((load8(x) ^ load8(y)) | (load8(x + n - 8) ^ load8(y + n - 8))) == 0;
    if (n >= 4) return ((load4(x) ^ load4(y)) | (load4(x + n - 4) ^ load4(y + n - 4))) == 0;
    if (n == 0) return true;
    // One to three bytes: the first, the middle and the last cover them all.
    return ((x[0] ^ y[0]) | (x[n / 2] ^ y[n / 2]) | (x[n - 1] ^ y[n - 1])) == 0;
}

// A text as JSON writes it in quotes (a key, or an enumeration value), prepared to be compared in
// place with the text of an application. The first and the last eight bytes of the quoted text are
// kept as words, so that telling it from another key is two loads and one test whatever their
// lengths; longer texts then compare the bytes between in whole words. The text must be valid
// UTF-8 (names and values of a checked program are); then equal bytes mean the same string, with no
// checking. A text that JSON writes otherwise than as its bytes (one with a quote, a backslash or a
// control character, which it escapes), and a QuotedText made empty, match nothing.
class QuotedText {
public:
    QuotedText() noexcept = default;
    explicit QuotedText(std::string_view text) noexcept {
        for (char const c : text)
            if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return;  // Matches nothing.
        text_ = text.data();
        length_ = text.size() + 2;
        need_ = length_ < 8 ? 8 : length_;  // Bytes of the application read: whole words.
        auto const byte = [&](std::size_t i) -> std::uint64_t {  // Byte i of the quoted text.
            return static_cast<unsigned char>(i == 0 || i == length_ - 1 ? '"' : text[i - 1]);
        };
        auto const word = [&](std::size_t from, std::size_t n) {
            std::uint64_t w = 0;
            for (std::size_t i = 0; i < n; ++i) w |= byte(from + i) << (8 * i);
            return w;
        };
        if (length_ < 8) {
            head_mask_ = (std::uint64_t{1} << (8 * length_)) - 1;
            head_ = word(0, length_);
            tail_mask_ = tail_ = 0;  // The head covers it all.
        } else {
            head_ = word(0, 8);
            tail_offset_ = length_ - 8;
            tail_ = word(tail_offset_, 8);
        }
    }

    // The length of the quoted text, quotes included (0 for one that matches nothing).
    std::size_t size() const noexcept { return length_; }
    // The text without its quotes (empty for one that matches nothing).
    std::string_view text() const noexcept { return length_ == 0 ? std::string_view() : std::string_view(text_, length_ - 2); }

    // Whether the `available` bytes at p start with this quoted text.
    [[gnu::always_inline]] bool starts(unsigned char const* p, std::size_t available) const noexcept {
        if (available < need_) return false;
        auto const load8 = [](void const* at) {
            std::uint64_t w;
            std::memcpy(&w, at, 8);
            return w;
        };
        if ((((load8(p) & head_mask_) ^ head_) | ((load8(p + tail_offset_) & tail_mask_) ^ tail_)) != 0) return false;
        // Longer than 16 bytes: the words between, byte i of the quoted text being byte i - 1 of text_.
        for (std::size_t i = 8; i < tail_offset_; i += 8)
            if (load8(p + i) != load8(text_ + i - 1)) return false;
        return true;
    }

private:
    static constexpr std::size_t never = ~std::size_t{0};
    char const* text_ = nullptr;  // Not owned; it outlives this.
    std::size_t length_ = 0;      // 0 for one that matches nothing.
    std::size_t need_ = never;
    std::size_t tail_offset_ = 0;
    std::uint64_t head_ = 0, head_mask_ = ~std::uint64_t{0};
    std::uint64_t tail_ = 0, tail_mask_ = ~std::uint64_t{0};
};

// The lexical part of reading JSON, shared by FastJsonReader (below) and the in-order binder
// (kisoku/eval/bind_in_order.hpp): white space, literals, strings without escapes and numbers,
// each checked as nlohmann/json checks them. Every function returns false where the reader gives
// up, at which point the position is unspecified.
class JsonScanner {
public:
    explicit JsonScanner(std::string_view text) noexcept
        : p_(reinterpret_cast<unsigned char const*>(text.data())), end_(p_ + text.size()) {}

    // A number as written: -? (0 | [1-9][0-9]*) (. [0-9]+)?
    struct ScannedNumber {
        std::string_view written;
        std::uint64_t magnitude = 0;  // Without a fraction: the absolute value (at most 18 digits).
        bool negative = false;
        bool fraction = false;  // With a fraction, only `written` is set (at most 300 digits).
    };

    static bool is_space(unsigned char c) noexcept { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
    static bool is_digit(unsigned char c) noexcept { return c >= '0' && c <= '9'; }
    static bool is_continuation(unsigned char c) noexcept { return (c & 0xC0) == 0x80; }

    bool at_end() const noexcept { return p_ == end_; }
    // Whether the next byte is c (false at the end).
    bool next_is(unsigned char c) const noexcept { return p_ != end_ && *p_ == c; }

    // Applications are mostly written without white space, so the first test is whether the next
    // byte is above the space character, which ends the loop at once.
    [[gnu::always_inline]] void skip_space() noexcept {
        if (p_ != end_ && *p_ > ' ') [[likely]]
            return;
        while (p_ != end_ && is_space(*p_)) ++p_;
    }

    // Whether `text` is next, in quotes (see QuotedText).
    [[gnu::always_inline]] bool quoted_here(QuotedText const& text) const noexcept {
        return text.starts(p_, static_cast<std::size_t>(end_ - p_));
    }

    // The colon after a key, and the white space around it; false when there is no colon.
    // Applications mostly write none before it, so that is tested first.
    [[gnu::always_inline]] bool colon() noexcept {
        if (!next_is(':')) {
            skip_space();
            if (!next_is(':')) return false;
        }
        ++p_;
        skip_space();
        return true;
    }

    // A word (true, false, null) at p_. Inlined, so that the comparison of a constant word is one
    // or two loads rather than a call to memcmp.
    [[gnu::always_inline]] bool literal(char const* word, std::size_t length) noexcept {
        if (static_cast<std::size_t>(end_ - p_) < length || std::memcmp(p_, word, length) != 0) return false;
        p_ += length;
        return true;
    }

    // A string without escapes, its UTF-8 checked as nlohmann/json checks it (no overlong forms,
    // no surrogates, nothing above U+10FFFF); p_ is at the opening quote.
    bool string(std::string_view& out) noexcept {
        unsigned char const* const start = ++p_;
        for (;;) {
            if (p_ == end_) return false;
            unsigned char const c = *p_;
            if (c >= 0x80) {
                // A character of two to four bytes (Japanese text: three), checked as it is read.
                std::size_t const left = static_cast<std::size_t>(end_ - p_);
                if ((c & 0xF0) == 0xE0) {
                    if (left < 3 || !is_continuation(p_[2])) return false;
                    unsigned char const b = p_[1];
                    unsigned char const low = c == 0xE0 ? 0xA0 : 0x80, high = c == 0xED ? 0x9F : 0xBF;
                    if (b < low || b > high) return false;
                    p_ += 3;
                    // A run of such characters, each checked with one load: a lead byte E1–EC or
                    // EE–EF (whose second byte may be any continuation byte) and two continuation
                    // bytes. E0 and ED, whose second byte is limited, go the way above. Two
                    // characters at a time first, from one load of eight bytes: their leads are
                    // bytes 0 and 3, and a lead's low four bits are 0 for E0 and 13 for ED.
                    while (end_ - p_ >= 8) {
                        std::uint64_t w;
                        std::memcpy(&w, p_, 8);
                        if ((w & 0x0000C0C0F0C0C0F0u) != 0x00008080E08080E0u) break;
                        if (((0x2001u >> (w & 15)) | (0x2001u >> ((w >> 24) & 15))) & 1) break;
                        p_ += 6;
                    }
                    while (end_ - p_ >= 4) {
                        std::uint32_t w;
                        std::memcpy(&w, p_, 4);
                        if ((w & 0x00C0C0F0u) != 0x008080E0u) break;
                        unsigned char const lead = static_cast<unsigned char>(w);
                        if (lead == 0xE0 || lead == 0xED) break;
                        p_ += 3;
                    }
                } else if (c >= 0xC2 && c <= 0xDF) {
                    if (left < 2 || !is_continuation(p_[1])) return false;
                    p_ += 2;
                } else if (c >= 0xF0 && c <= 0xF4) {
                    if (left < 4 || !is_continuation(p_[2]) || !is_continuation(p_[3])) return false;
                    unsigned char const b = p_[1];
                    unsigned char const low = c == 0xF0 ? 0x90 : 0x80, high = c == 0xF4 ? 0x8F : 0xBF;
                    if (b < low || b > high) return false;
                    p_ += 4;
                } else {
                    return false;
                }
                continue;
            }
            if (c == '"') {
                out = std::string_view(reinterpret_cast<char const*>(start), static_cast<std::size_t>(p_ - start));
                ++p_;
                return true;
            }
            if (c < 0x20 || c == '\\') return false;  // A control character (an error) or an escape.
            ++p_;
            // In a run of ASCII, eight bytes at a time while none of them is a quote, a backslash,
            // a control character or a non-ASCII byte.
            while (end_ - p_ >= 8) {
                std::uint64_t w;
                std::memcpy(&w, p_, 8);
                constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
                std::uint64_t const quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
                std::uint64_t const special = ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash) | (w - ones * 0x20) | w;
                if (special & highs) break;
                p_ += 8;
            }
        }
    }

    // A number (an exponent, or an integer of more than 18 digits, is left to nlohmann/json,
    // which refuses a number too large for a double, 1e400, and decides what a long integer becomes).
    bool number(ScannedNumber& out) noexcept {
        unsigned char const* const start = p_;
        bool const negative = *p_ == '-';
        if (negative) ++p_;
        if (p_ == end_ || !is_digit(*p_)) return false;
        out.negative = negative;
        out.fraction = false;
        if (*p_ != '0' && end_ - p_ >= 8) {
            // An integer of up to seven digits followed by what ends it (amounts are mostly five to
            // seven digits), read from one load without a loop: the exit of a loop over digits
            // depends on the number's length, and was mispredicted about once per number.
            std::uint64_t w;
            std::memcpy(&w, p_, 8);
            constexpr std::uint64_t highs = 0xF0F0F0F0F0F0F0F0u, zeros = 0x3030303030303030u, sixes = 0x0606060606060606u;
            // A byte is a digit when it is 0x30–0x39: its high half is 3, before and after adding 6.
            // (An addition that carries out of a byte does so only from a byte that is no digit,
            // and changes only the bytes after it.)
            std::uint64_t const not_digit = ((w & highs) ^ zeros) | (((w + sixes) & highs) ^ zeros);
            if (not_digit != 0) {
                auto const digits = static_cast<unsigned>(__builtin_ctzll(not_digit)) / 8;  // 1 to 7.
                unsigned char const after = p_[digits];
                if (after != '.' && after != 'e' && after != 'E') {
                    // The digits moved to the top of the word, the first in the lowest byte of them,
                    // then joined in pairs, fours and eights.
                    std::uint64_t v = (w - zeros) << (8 * (8 - digits));
                    v = ((v & 0x0F0F0F0F0F0F0F0Fu) * 2561) >> 8;
                    v = ((v & 0x00FF00FF00FF00FFu) * 6553601) >> 16;
                    v = ((v & 0x0000FFFF0000FFFFu) * 42949672960001u) >> 32;
                    p_ += digits;
                    out.written = std::string_view(reinterpret_cast<char const*>(start), static_cast<std::size_t>(p_ - start));
                    out.magnitude = v;
                    return true;
                }
            }
        }
        if (*p_ == '0')
            ++p_;
        else
            while (p_ != end_ && is_digit(*p_)) ++p_;
        std::size_t const digits = static_cast<std::size_t>(p_ - start) - (negative ? 1 : 0);
        if (p_ != end_ && *p_ == '.') {
            ++p_;
            if (p_ == end_ || !is_digit(*p_)) return false;
            while (p_ != end_ && is_digit(*p_)) ++p_;
            out.fraction = true;
        }
        if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) return false;
        out.written = std::string_view(reinterpret_cast<char const*>(start), static_cast<std::size_t>(p_ - start));
        if (out.fraction) return digits <= 300;
        if (digits > 18) return false;
        std::uint64_t value = 0;
        for (unsigned char const* d = start + (negative ? 1 : 0); d != p_; ++d) value = value * 10 + (*d - '0');
        out.magnitude = value;
        return true;
    }

protected:
    unsigned char const* p_;
    unsigned char const* const end_;
};

// Events: begin_object(), end_object(), begin_array(), end_array(), key(string_view),
// string(string_view), boolean(bool), null(), integer(int64_t) for a negative integer,
// unsigned_integer(uint64_t) for another, and number_text(string_view) for a number with a
// fraction, as written ("12.50"). Events may also have expected_key(), the key they expect next
// (or an empty view), and expected_key_found(), which then stands for key(expected_key()); and
// string_without_nul(string_view), which is then called instead of string() (this reader never
// delivers a NUL byte in a string).
template <typename Events>
class FastJsonReader : JsonScanner {
public:
    static constexpr std::size_t max_depth = 128;

    FastJsonReader(std::string_view text, Events& events) noexcept : JsonScanner(text), events_(events) {}

    // Reads the whole text and delivers its events. False when it gave up (some events may have
    // been delivered by then).
    bool read() {
        bool in_object[max_depth];
        std::size_t depth = 0;
        skip_space();
        for (;;) {
            // A value starts here.
            if (p_ == end_) return false;
            switch (*p_) {
                case '{':
                    ++p_;
                    events_.begin_object();
                    skip_space();
                    if (p_ != end_ && *p_ == '}') {
                        ++p_;
                        events_.end_object();
                        break;
                    }
                    if (depth == max_depth || !member_key()) return false;
                    in_object[depth++] = true;
                    continue;
                case '[':
                    ++p_;
                    events_.begin_array();
                    skip_space();
                    if (p_ != end_ && *p_ == ']') {
                        ++p_;
                        events_.end_array();
                        break;
                    }
                    if (depth == max_depth) return false;
                    in_object[depth++] = false;
                    continue;
                case '"': {
                    std::string_view s;
                    if (!string(s)) return false;
                    if constexpr (requires(Events& e) { e.string_without_nul(s); })
                        events_.string_without_nul(s);  // string() below gives up on a NUL byte.
                    else
                        events_.string(s);
                    break;
                }
                case 't':
                    if (!literal("true", 4)) return false;
                    events_.boolean(true);
                    break;
                case 'f':
                    if (!literal("false", 5)) return false;
                    events_.boolean(false);
                    break;
                case 'n':
                    if (!literal("null", 4)) return false;
                    events_.null();
                    break;
                default:
                    if (!number()) return false;
                    break;
            }
            // A value has ended: a separator and the next value, or the end of its container.
            for (;;) {
                skip_space();
                if (depth == 0) return p_ == end_;
                if (p_ == end_) return false;
                bool const object = in_object[depth - 1];
                if (*p_ == ',') {
                    ++p_;
                    skip_space();
                    if (object && !member_key()) return false;
                    break;
                }
                if (*p_ != (object ? '}' : ']')) return false;
                ++p_;
                --depth;
                if (object)
                    events_.end_object();
                else
                    events_.end_array();
            }
        }
    }

private:
    // "key" : — then the member's value follows.
    bool member_key() {
        if (p_ == end_ || *p_ != '"') return false;
        if constexpr (requires(Events& e) { e.expected_key(); }) {
            // The key the events expect next (the next field of the record, when the application
            // lists its fields in their declared order), compared with the text in place: when it
            // is there, the key needs neither scanning nor checking, nor looking up (see
            // QuotedText).
            QuotedText const* const expected = events_.expected_key();
            if (expected && quoted_here(*expected)) {
                p_ += expected->size();
                if (!colon()) return false;
                events_.expected_key_found();
                return true;
            }
        }
        std::string_view k;
        if (!string(k) || !colon()) return false;
        events_.key(k);
        return true;
    }

    bool number() {
        ScannedNumber n;
        if (!JsonScanner::number(n)) return false;
        if (n.fraction)
            events_.number_text(n.written);  // Passed on as written.
        else if (n.negative)
            events_.integer(-static_cast<std::int64_t>(n.magnitude));
        else
            events_.unsigned_integer(n.magnitude);
        return true;
    }

    Events& events_;
};

}  // namespace kisoku::eval::detail
