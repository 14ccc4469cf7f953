// kisoku/eval/value.hpp — values during evaluation, and an application bound into slots.
//
// An application is not kept as JSON: binding writes each field into a slot (a `Value` in one flat
// array), so that evaluation reads inputs by index. Records are runs of consecutive slots, one per
// field; lists are runs of consecutive items. Nothing here allocates once the arrays have grown to
// the size of the largest application seen: `Application::clear` keeps their capacity.
#pragma once

#include "kisoku/number.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kisoku::eval {

// Whether a value is known. `bounded` is a whole number known only to lie between two bounds:
// count(構成員 where 法人) when some members' 法人 is unknown. A comparison with it may still be
// decided (between 3 and 5 is >= 3).
enum class State : std::uint8_t { unknown, known, bounded };

// One value. Which members are used depends on the type, which the compiled program knows:
//   boolean      word: 0 or 1
//   number, yen  number (exact); bounded: word .. word2, the inclusive bounds
//   date         word: days since 1970-01-01
//   period       word, word2: first and last day, as days since 1970-01-01
//   enumeration  word: the index of the value in its declaration
//   text         word: the index of the text in the application's (or, with `program_text`, the
//                program's) texts
//   record       word: the slot of its first field
//   list         word: the index of its first item; word2: the number of items; `arena` says
//                which array holds the items
// An unknown value read from the application keeps in `word` where it was read (its slot or item),
// so that the decision can ask for it.
//
// A Value is 32 bytes and aligned to 32, so that one never straddles two cache lines: evaluation
// reads thousands of them per application, and generated code mostly reads `state` and one other
// member of each. `word2` therefore has 32 bits: a list has at most max_list_items items (the
// binder's limit is held below it), and a period's last day or a count's upper bound fit easily.
struct alignas(32) Value {
    Number number;
    std::int64_t word = 0;
    std::int32_t word2 = 0;
    State state = State::unknown;
    std::uint8_t flags = 0;

    // The most items a list may have (word2 holds the count).
    static constexpr std::size_t max_list_items = INT32_MAX;

    // Flags.
    static constexpr std::uint8_t program_text = 1;  // text: the index is into the program's texts.
    static constexpr std::uint8_t maybe_member = 2;  // list item: kept by a `where` whose test is unknown.
    static constexpr std::uint8_t from_item = 4;     // unknown: `word` is an item index, not a slot.
    static constexpr std::uint8_t uncertain = 32;     // list: some items are maybe_member.
    static constexpr std::uint8_t arena_mask = 24;   // list: which array holds its items.
    static constexpr std::uint8_t arena_application = 0;
    static constexpr std::uint8_t arena_scratch = 8;
    static constexpr std::uint8_t arena_globals = 16;

    bool known() const noexcept { return state == State::known; }

    static Value boolean(bool b) noexcept {
        Value v;
        v.state = State::known;
        v.word = b ? 1 : 0;
        return v;
    }
    static Value of_number(Number n) {
        Value v;
        v.state = State::known;
        v.number = std::move(n);
        return v;
    }
    static Value of_word(std::int64_t word, std::int64_t word2 = 0) noexcept {
        Value v;
        v.state = State::known;
        v.word = word;
        v.word2 = static_cast<std::int32_t>(word2);
        return v;
    }
    static Value unknown() noexcept { return Value{}; }
};

// Where a record or a list of the application came from, so that a slot or an item can be named
// by its JSON path when the decision asks for it (only then: naming is off the evaluation path).
struct RecordRegion {
    std::uint32_t first_slot = 0;
    std::int32_t layout = 0;        // The record's layout in the program (the input's is 0).
    std::int64_t parent = -1;       // The slot holding the record, or the item (with parent_is_item).
    bool parent_is_item = false;
};
struct ListRegion {
    std::uint32_t first_item = 0;
    std::uint32_t count = 0;
    std::uint32_t slot = 0;  // The slot holding the list.
};

// An application bound into slots. The first slots are the input's fields in declaration order,
// then the caller-supplied parameters (`param … required`); records follow as they are bound.
// Built by an ApplicationBuilder (kisoku/eval/bind.hpp) and read by an Evaluator; reusable
// through clear().
class Application {
public:
    std::vector<Value> slots;
    std::vector<Value> items;
    std::vector<RecordRegion> records;  // In order of first_slot; records[0] is the input itself.
    std::vector<ListRegion> lists;      // In order of first_item.

    // Empties the application and makes room for the input's fields and parameters, all unknown.
    void clear(std::size_t root_slots) {
        slots.clear();
        add_unknown_slots(root_slots);
        items.clear();
        records.clear();
        records.push_back({0, 0, -1, false});
        lists.clear();
        text_bytes_.clear();
        text_ends_.clear();
    }

    // Stores a text and returns its index. The texts are kept end to end in one buffer, which
    // keeps its capacity from one application to the next: a string per text cost a call to
    // assign() for each of the forty-odd names of an application.
    std::size_t add_text(std::string_view text) {
        text_bytes_.append(text);
        text_ends_.push_back(text_bytes_.size());
        return text_ends_.size() - 1;
    }

    // The text stored under `index` by add_text; valid until the application is cleared.
    std::string_view text(std::size_t index) const noexcept {
        std::size_t const begin = index == 0 ? 0 : text_ends_[index - 1];
        return std::string_view(text_bytes_).substr(begin, text_ends_[index] - begin);
    }

    // How many texts the application holds.
    std::size_t text_count() const noexcept { return text_ends_.size(); }

    // Makes room for a record of `fields` slots, all unknown, and returns its first slot.
    std::uint32_t add_record(std::size_t fields, std::int32_t layout, std::int64_t parent, bool parent_is_item) {
        auto const first = static_cast<std::uint32_t>(slots.size());
        add_unknown_slots(fields);
        records.push_back({first, layout, parent, parent_is_item});
        return first;
    }

private:
    // Appends n unknown slots, each naming itself in Value::word, so that the decision can ask for
    // what was not given. One pass, each Value made with its name, rather than resize() and a
    // second pass to name them: binding makes a record for every object of an application.
    void add_unknown_slots(std::size_t n) {
        std::size_t const first = slots.size();
        if (slots.capacity() - first < n) slots.reserve(std::max(first + n, 2 * slots.capacity()));
        for (std::size_t i = first; i < first + n; ++i) slots.emplace_back().word = static_cast<std::int64_t>(i);
    }

    std::string text_bytes_;               // Every text, end to end.
    std::vector<std::size_t> text_ends_;  // Where each text ends in text_bytes_.
};

}  // namespace kisoku::eval
