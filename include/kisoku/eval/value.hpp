// kisoku/eval/value.hpp — values during evaluation, and an application bound into slots.
//
// An application is not kept as JSON: binding writes each field into a slot (a `Value` in one flat
// array), so that evaluation reads inputs by index. Records are runs of consecutive slots, one per
// field; lists are runs of consecutive items. Nothing here allocates once the arrays have grown to
// the size of the largest application seen: `Application::clear` keeps their capacity.
#pragma once

#include "kisoku/number.hpp"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace kisoku::eval {

// Whether a value is known. `bounded` is a whole number known only to lie between two bounds:
// count(構成員 where 法人) when some members' 法人 is unknown. A comparison with it may still be
// decided (between 3 and 5 is >= 3).
enum class State : std::uint8_t { unknown, known, bounded };

// One value, in 16 bytes. Which members are used depends on the type, which the compiled program
// knows:
//   boolean      word: 0 or 1
//   number, yen  number() (exact; see below); bounded: word .. word2, the inclusive bounds
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
// A number is kept in `word`, `word2` and `word3`: Number's numerator field in `word`, and its
// denominator less one in the 48 bits of `word2` (low) and `word3` (high), which hold every
// denominator up to 2^47. A number whose denominator is larger, or that needs more than 64 bits,
// is kept in Number's big form, shared by reference: `word3` is then negative and `word` is the
// address of the shared value. Every other kind of value leaves `word3` at 0. Values are 16 bytes
// and aligned to 16 so that four fill a cache line and none straddles two: evaluation reads
// thousands of them per application, and an application bound into slots is read from memory
// that the processor's nearest caches do not hold once an analyst's batch is larger than they are.
// `word2` therefore has 32 bits: a list has at most max_list_items items (the binder's limit is
// held below it), and a period's last day or a count's upper bound fit easily.
struct alignas(16) Value {
    std::int64_t word = 0;
    std::int32_t word2 = 0;
    std::int16_t word3 = 0;
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

    Value() noexcept = default;
    // Copies share a big number's value (one more reference); moves take it over.
    Value(Value const& other) noexcept
        : word(other.word), word2(other.word2), word3(other.word3), state(other.state), flags(other.flags) {
        if (holds_big()) [[unlikely]]
            share_big();
    }
    Value(Value&& other) noexcept
        : word(other.word), word2(other.word2), word3(other.word3), state(other.state), flags(other.flags) {
        other.word3 = 0;
    }
    Value& operator=(Value const& other) noexcept {
        if (other.holds_big() || holds_big()) [[unlikely]]
            return assign_big(other);
        copy_fields(other);
        return *this;
    }
    Value& operator=(Value&& other) noexcept {
        if (this == &other) return *this;
        if (holds_big()) [[unlikely]]
            release_big();
        copy_fields(other);
        other.word3 = 0;
        return *this;
    }
    ~Value() {
        if (holds_big()) [[unlikely]]
            release_big();
    }

    bool known() const noexcept { return state == State::known; }

    // The number a number or yen value holds (meaningful when it is known).
    [[gnu::always_inline]] Number number() const {
        if (holds_big()) [[unlikely]]
            return big_number();
        Number n;
        n.num_ = word;
        n.den_ = small_denominator();
        return n;
    }
    // Whether number() is a whole number of 64 bits, and then small_integer() is it: one test of
    // the denominator's bits, for the whole-number fast paths.
    bool holds_small_integer() const noexcept {
        if constexpr (std::endian::native == std::endian::little) {
            // word2 and word3 in one load: the low 48 bits of the 8 bytes from word2 on.
            std::uint64_t bits;
            std::memcpy(&bits, reinterpret_cast<char const*>(this) + offsetof(Value, word2), 8);
            return (bits & 0xffff'ffff'ffffull) == 0;
        } else {
            return word2 == 0 && word3 == 0;
        }
    }
    std::int64_t small_integer() const noexcept { return word; }

    // Makes this a known number.
    [[gnu::always_inline]] void set_number(Number const& n) {
        std::uint64_t const less_one = static_cast<std::uint64_t>(n.den_) - 1;
        // A small-form denominator of 48 bits, over a value that holds no big number.
        if ((less_one >> 47 | static_cast<std::uint16_t>(word3) >> 15) != 0) [[unlikely]]
            return set_number_slowly(n);
        store_small(n.num_, less_one);
    }

    static Value boolean(bool b) noexcept {
        Value v;
        v.state = State::known;
        v.word = b ? 1 : 0;
        return v;
    }
    static Value of_number(Number const& n) {
        Value v;
        v.set_number(n);
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

private:
    bool holds_big() const noexcept { return word3 < 0; }
    std::int64_t small_denominator() const noexcept {
        return static_cast<std::int64_t>((static_cast<std::uint64_t>(static_cast<std::uint16_t>(word3)) << 32) |
                                         static_cast<std::uint32_t>(word2)) +
               1;
    }
    // The big value as a Number of its own: one more reference to it.
    Number shared_number() const noexcept {
        Number n;
        n.num_ = word;
        n.den_ = Number::big_tag;
        n.retain();
        return n;
    }
    [[gnu::noinline]] void share_big() noexcept {
        Number shared = shared_number();
        take_big(shared);
    }
    // set_number when this value holds a big number, or `n` is in the big form or has a
    // denominator beyond 48 bits (kept in the big form, and given back in the small one).
    [[gnu::noinline]] void set_number_slowly(Number const& n) {
        Number kept = n;  // First, in case n is this value's own number.
        if (holds_big()) release_big();
        std::uint64_t const less_one = static_cast<std::uint64_t>(kept.den_) - 1;
        if (less_one >> 47 == 0) return store_small(kept.num_, less_one);
        if (!kept.is_big()) {
            Number big;
            big.set_big(kept.to_big());
            kept = std::move(big);
        }
        state = State::known;
        flags = 0;
        take_big(kept);
    }
    void store_small(std::int64_t numerator, std::uint64_t denominator_less_one) noexcept {
        state = State::known;
        flags = 0;
        word = numerator;
        word2 = static_cast<std::int32_t>(static_cast<std::uint32_t>(denominator_less_one));
        word3 = static_cast<std::int16_t>(denominator_less_one >> 32);
    }
    // Takes over the big form's reference from `n`, which is left zero.
    void take_big(Number& n) noexcept {
        word = n.num_;
        word2 = 0;
        word3 = -1;
        n.num_ = 0;
        n.den_ = 1;
    }
    [[gnu::noinline]] void release_big() noexcept {
        Number n;
        n.num_ = word;
        n.den_ = Number::big_tag;
        word3 = 0;
        // n releases the reference as it goes.
    }
    [[gnu::noinline]] Value& assign_big(Value const& other) noexcept {
        if (this == &other) return *this;
        Number shared = other.holds_big() ? other.shared_number() : Number();
        if (holds_big()) release_big();
        copy_fields(other);
        if (holds_big()) take_big(shared);
        return *this;
    }
    // A copy of the big value, in the small form when it fits there (a number kept in the big form
    // only for its denominator's width).
    [[gnu::noinline]] Number big_number() const {
        Number n = shared_number();
        if (Number small; Number::small_form_of(n.big_value(), small)) return small;
        return n;
    }
    // Every field as `other` has it; references are the caller's to count.
    void copy_fields(Value const& other) noexcept {
        word = other.word;
        word2 = other.word2;
        word3 = other.word3;
        state = other.state;
        flags = other.flags;
    }
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
