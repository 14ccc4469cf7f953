// kisoku/source.hpp — source text decoded to code points, and locations within it.
//
// Rule files and expressions are UTF-8 on disk and are decoded once into a std::u32string, so that
// every offset, line and column counts characters (code points), not bytes: a caret under a
// Japanese identifier lines up, and a column means the same thing to an editor and to a person.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kisoku {

// A half-open range [begin, end) of code-point offsets into a SourceText.
struct SourceSpan {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    friend bool operator==(SourceSpan, SourceSpan) = default;
};

// A 1-based line and column; the column counts code points from the start of the line.
struct SourceLocation {
    std::uint32_t line = 1;
    std::uint32_t column = 1;
};

// Appends the UTF-8 encoding of one code point.
inline void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

inline std::string encode_utf8(std::u32string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char32_t c : text) append_utf8(out, c);
    return out;
}

// The result of decoding UTF-8: the code points, or the byte offset of the first malformed
// sequence (overlong forms, surrogates and values above U+10FFFF are malformed).
struct Utf8DecodeResult {
    std::u32string text;
    std::optional<std::size_t> error_byte;
};

inline Utf8DecodeResult decode_utf8(std::string_view bytes) {
    Utf8DecodeResult result;
    result.text.reserve(bytes.size());
    std::size_t i = 0, n = bytes.size();
    while (i < n) {
        unsigned char b = static_cast<unsigned char>(bytes[i]);
        char32_t c;
        std::size_t length;
        if (b < 0x80) {
            c = b;
            length = 1;
        } else if ((b & 0xE0) == 0xC0) {
            c = b & 0x1F;
            length = 2;
        } else if ((b & 0xF0) == 0xE0) {
            c = b & 0x0F;
            length = 3;
        } else if ((b & 0xF8) == 0xF0) {
            c = b & 0x07;
            length = 4;
        } else {
            result.error_byte = i;
            return result;
        }
        if (i + length > n) {
            result.error_byte = i;
            return result;
        }
        for (std::size_t k = 1; k < length; ++k) {
            unsigned char cont = static_cast<unsigned char>(bytes[i + k]);
            if ((cont & 0xC0) != 0x80) {
                result.error_byte = i;
                return result;
            }
            c = (c << 6) | (cont & 0x3F);
        }
        static constexpr char32_t minimum[] = {0, 0, 0x80, 0x800, 0x10000};
        if (c < minimum[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
            result.error_byte = i;
            return result;
        }
        result.text.push_back(c);
        i += length;
    }
    return result;
}

// Decodes UTF-8 that may be malformed, for showing it: each malformed sequence becomes U+FFFD.
inline std::u32string decode_utf8_lossy(std::string_view bytes) {
    std::u32string out;
    while (!bytes.empty()) {
        auto part = decode_utf8(bytes);
        out += part.text;
        if (!part.error_byte) break;
        out.push_back(U'\uFFFD');
        // Re-encoding the good part tells how many bytes it took; the bad byte is skipped.
        bytes.remove_prefix(*part.error_byte + 1);
    }
    return out;
}

// How many terminal columns a code point takes: 2 for East Asian wide and full-width characters
// (kanji, kana, full-width forms), 1 otherwise. Used only to line carets up under source text.
inline int display_width(char32_t c) {
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
                   (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
                   (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
                   (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD)
               ? 2
               : 1;
}

// A named piece of source text (a rule file, or one expression given to `kisoku calc`),
// decoded to code points, with an index of line starts for locations.
class SourceText {
public:
    // `first_line` is the line number of the text's first line: 1 for a file, N for the N-th line
    // of a stream answered line by line.
    SourceText(std::string name, std::u32string text, std::uint32_t first_line = 1)
        : name_(std::move(name)), text_(std::move(text)), first_line_(first_line) {
        line_starts_.push_back(0);
        for (std::size_t i = 0; i < text_.size(); ++i)
            if (text_[i] == U'\n') line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
    }

    std::string const& name() const noexcept { return name_; }
    std::u32string const& text() const noexcept { return text_; }

    // The line and column of a code-point offset (an offset at the end maps past the last char).
    SourceLocation location(std::uint32_t offset) const {
        auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
        auto index = static_cast<std::uint32_t>(it - line_starts_.begin());
        return {index + first_line_ - 1, offset - line_starts_[index - 1] + 1};
    }

    // The text of a line (numbered as location() numbers it), without its line break.
    std::u32string_view line_text(std::uint32_t numbered_line) const {
        std::uint32_t line = numbered_line - first_line_ + 1;
        std::uint32_t begin = line_starts_[line - 1];
        std::uint32_t end =
            line < line_starts_.size() ? line_starts_[line] - 1 : static_cast<std::uint32_t>(text_.size());
        if (end > begin && text_[end - 1] == U'\r') --end;
        return std::u32string_view(text_).substr(begin, end - begin);
    }

    std::u32string_view slice(SourceSpan span) const {
        return std::u32string_view(text_).substr(span.begin, span.end - span.begin);
    }

private:
    std::string name_;
    std::u32string text_;
    std::uint32_t first_line_ = 1;
    std::vector<std::uint32_t> line_starts_;
};

}  // namespace kisoku
