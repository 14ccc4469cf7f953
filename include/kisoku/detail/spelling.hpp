// kisoku/detail/spelling.hpp — "did you mean …?" suggestions for misspelt names.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace kisoku::detail {

// The Levenshtein distance between two strings of code points (insertions, deletions and
// substitutions each cost 1). Linear memory.
inline std::size_t edit_distance(std::u32string_view a, std::u32string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// The candidate closest to `name`, if it is close enough to be a plausible typo: at most a third
// of the name's length away (at least 1, so that one wrong kanji in a short name is caught).
inline std::u32string_view closest_match(std::u32string_view name, std::vector<std::u32string_view> const& candidates) {
    std::u32string_view best;
    std::size_t best_distance = std::max<std::size_t>(1, name.size() / 3) + 1;
    for (auto candidate : candidates) {
        std::size_t d = edit_distance(name, candidate);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

}  // namespace kisoku::detail
