// kisoku/eval/bind_in_order.hpp — binding an application whose JSON text follows the program's
// input declaration, in one pass guided by the declaration.
//
// Most applications are written by a form or a portal from the declaration itself: the fields of
// every record in their declared order (some of them left out), each value of its field's type,
// nothing escaped. For such a text, this binder reads a key by comparing the names of the next
// fields with the text in place, and a value by what its field declares, writing it straight into
// its slot: there are no events, no stack of open objects and lists, and no dispatch on what the
// text holds before the field is known.
//
// On anything else it gives up: a key out of order, unknown, repeated or escaped; a value of
// another type; a required field left out or null; a date not written 2025-04-14; a number with a
// fraction or an exponent; a period; a limit of BindLimits reached; any syntax error. bind_json then
// binds the text again with the event reader (kisoku/eval/json_reader.hpp) and the
// ApplicationBuilder, which report every input error with its path. Where this binder finishes,
// the text had no input error, and the application is the one the ApplicationBuilder builds from
// the same text, slot for slot and item for item (tests/unit/bind_in_order_test.cpp compares them).
//
// Included by kisoku/eval/bind.hpp after the ApplicationBuilder, which it needs whole; include
// that header, not this one.
#pragma once

namespace kisoku::eval::detail {

// Binds one JSON text with the builder's program, parameters and limits (see above). Made for one
// text and used once.
class InOrderBinder : JsonScanner {
public:
    // The deepest nesting it reads (it reads nested objects and lists by recursion); deeper ones
    // are left to the builder, whatever BindLimits::max_depth allows.
    static constexpr std::size_t max_depth = 128;

    InOrderBinder(ApplicationBuilder& builder, std::string_view text) noexcept
        : JsonScanner(text), builder_(builder), program_(builder.program_), limits_(builder.limits_) {}

    // Binds the text into `app`, which the builder has begun (with its supplied parameters) and
    // finish() then checks as after any binding. False when it gave up: `app` is then to be bound
    // again from the start.
    bool bind(Application& app) {
        builder_.begin_untracked(app);
        app_ = &app;
        if (limits_.max_depth == 0) return false;  // Even the application is too deep.
        skip_space();
        if (!next_is('{')) return false;
        ++p_;
        if (!record(0, 0, 1)) return false;
        skip_space();
        if (!at_end()) return false;
        builder_.started_ = true;
        return true;
    }

private:
    // The members of an object of record layout `layout` whose fields start at `first_slot`, with
    // p_ after its `{`; `depth` objects and lists are open, this one included.
    bool record(std::int32_t layout, std::uint32_t first_slot, std::size_t depth) {
        auto const& fields = program_.layouts[static_cast<std::size_t>(layout)].fields;
        QuotedText const* const names = builder_.quoted_names_[static_cast<std::size_t>(layout)].data();
        std::size_t const count = fields.size();
        std::size_t next = 0;  // The field after the last one given.
        skip_space();
        if (next_is('}')) {
            ++p_;
            return none_required(fields, 0);
        }
        for (;;) {
            // The key: the next field's name, or a later one when fields are left out (an
            // earlier one would be out of order, or repeated). Names that JSON would write
            // otherwise than as their bytes match nothing.
            std::size_t f = next;
            for (;; ++f) {
                if (f == count) return false;
                if (quoted_here(names[f])) break;
                if (fields[f].required) return false;  // Left out: the builder reports it.
            }
            p_ += names[f].size();
            if (!colon()) return false;
            if (!member(fields[f], first_slot + static_cast<std::uint32_t>(f), depth)) return false;
            next = f + 1;
            skip_space();
            if (next_is(',')) {
                ++p_;
                skip_space();
                continue;
            }
            if (!next_is('}')) return false;
            ++p_;
            return none_required(fields, next);
        }
    }

    // Whether an object or a list opened inside `depth` open ones would be too deep: for the
    // builder's limit (which the builder reports), or for this binder's recursion.
    bool too_deep(std::size_t depth) const noexcept { return depth >= limits_.max_depth || depth >= max_depth; }

    // Whether no field from `from` on is required (they were not given).
    static bool none_required(std::vector<FieldLayout> const& fields, std::size_t from) {
        for (std::size_t f = from; f < fields.size(); ++f)
            if (fields[f].required) return false;
        return true;
    }

    // The value of `field`, for its slot. Inlined, as scalar() is: they run for every value, and
    // the two calls cost about as much as reading a boolean.
    [[gnu::always_inline]] bool member(FieldLayout const& field, std::uint32_t slot, std::size_t depth) {
        if (next_is('n')) return literal("null", 4) && !field.required;  // Not given: unknown.
        switch (field.kind) {
            case Kind::record: {
                if (!next_is('{') || too_deep(depth)) return false;
                ++p_;
                auto const fields = program_.layouts[static_cast<std::size_t>(field.id)].fields.size();
                std::uint32_t const first = app_->add_record(fields, field.id, slot, false);
                app_->slots[slot] = Value::of_word(first);
                return record(field.id, first, depth + 1);
            }
            case Kind::list:
                if (!next_is('[') || too_deep(depth)) return false;
                ++p_;
                return list(field, slot, depth + 1);
            default: return scalar(field.kind, field, app_->slots[slot]);
        }
    }

    // The items of a list, with p_ after its `[`. They are the application's items from the
    // first after those it has, when nothing inside them is a list; otherwise they wait among the
    // builder's pending items until the list ends, after the items of the lists inside them, as
    // the builder's own do.
    bool list(FieldLayout const& field, std::uint32_t slot, std::size_t depth) {
        bool const records = field.element == Kind::record;
        if (records && builder_.holds_lists_[static_cast<std::size_t>(field.id)]) return list_of_lists(field, slot, depth);
        auto& items = app_->items;
        auto const first = static_cast<std::uint32_t>(items.size());
        skip_space();
        if (!next_is(']')) {
            for (;;) {
                auto const item = static_cast<std::int64_t>(items.size());
                if (static_cast<std::size_t>(item - first) >= limits_.max_list_items) return false;
                if (next_is('n')) {
                    if (!literal("null", 4)) return false;
                    Value& v = items.emplace_back();  // An item not given, naming itself.
                    v.word = item;
                    v.flags = Value::from_item;
                } else if (records) {
                    if (!next_is('{') || too_deep(depth)) return false;
                    ++p_;
                    auto const fields = program_.layouts[static_cast<std::size_t>(field.id)].fields.size();
                    std::uint32_t const first_slot = app_->add_record(fields, field.id, item, true);
                    items.push_back(Value::of_word(first_slot));
                    if (!record(field.id, first_slot, depth + 1)) return false;
                } else if (!scalar(field.element, field, items.emplace_back())) {
                    return false;
                }
                int const more = after_item();
                if (more < 0) return false;
                if (more == 0) break;
            }
        }
        ++p_;
        builder_.add_list(first, static_cast<std::uint32_t>(items.size() - first), slot);
        return true;
    }

    // A list of records that can hold lists themselves.
    bool list_of_lists(FieldLayout const& field, std::uint32_t slot, std::size_t depth) {
        auto& pending = builder_.pending_;
        std::size_t const first_pending = pending.size();
        skip_space();
        if (!next_is(']')) {
            for (;;) {
                if (pending.size() - first_pending >= limits_.max_list_items) return false;
                if (next_is('n')) {
                    if (!literal("null", 4)) return false;
                    pending.push_back({Value{}, -1});  // An item not given.
                } else {
                    if (!next_is('{') || too_deep(depth)) return false;
                    ++p_;
                    auto const fields = program_.layouts[static_cast<std::size_t>(field.id)].fields.size();
                    std::uint32_t const first = app_->add_record(fields, field.id, -1, true);
                    pending.push_back({Value::of_word(first), static_cast<std::int64_t>(app_->records.size() - 1)});
                    if (!record(field.id, first, depth + 1)) return false;
                }
                int const more = after_item();
                if (more < 0) return false;
                if (more == 0) break;
            }
        }
        ++p_;
        builder_.close_list(first_pending, slot);
        return true;
    }

    // After an item: 1 at the next item (after a comma), 0 at the list's `]`, -1 at anything else.
    int after_item() {
        skip_space();
        if (next_is(',')) {
            ++p_;
            skip_space();
            return 1;
        }
        return next_is(']') ? 0 : -1;
    }

    // A value that is neither a record nor a list, of `kind` (the field's, or its items'), written
    // into `out` as the builder writes it.
    [[gnu::always_inline]] bool scalar(Kind kind, FieldLayout const& field, Value& out) {
        std::int64_t word = 0;
        switch (kind) {
            case Kind::boolean:
                if (literal("true", 4))
                    word = 1;
                else if (!literal("false", 5))
                    return false;
                break;
            case Kind::text: {
                std::string_view text;
                if (!next_is('"') || !string(text)) return false;
                word = static_cast<std::int64_t>(app_->add_text(text));
                break;
            }
            case Kind::enumeration: {
                // Each value of the enumeration compared in place, as keys are; a value the
                // builder does not offer is not written as its bytes, and gives up.
                auto const& values = builder_.quoted_enum_values_[static_cast<std::size_t>(field.id)];
                std::size_t v = 0;
                while (v < values.size() && !quoted_here(values[v])) ++v;
                if (v == values.size()) return false;
                p_ += values[v].size();
                word = static_cast<std::int64_t>(v);
                break;
            }
            case Kind::date: {
                // Written 2025-04-14: ten ASCII digits and hyphens in quotes, read in place (a
                // string of any other length or form gives up, as would a scanned one).
                std::optional<Date> date;
                if (end_ - p_ < 12 || p_[0] != '"' || p_[11] != '"' ||
                    !read_iso_date(std::string_view(reinterpret_cast<char const*>(p_ + 1), 10), date) || !date)
                    return false;
                p_ += 12;
                word = date->days_since_epoch();
                break;
            }
            case Kind::yen:
            case Kind::number: {
                if (next_is('"')) {
                    // An amount written as text ("15,000円"), read as the builder reads it.
                    std::string_view text;
                    if (!string(text)) return false;
                    auto n = ApplicationBuilder::read_number_text(kind, field, text, [](char const*, std::vector<std::string>) {});
                    if (!n) return false;
                    ApplicationBuilder::write_number(out, std::move(*n));
                } else {
                    ScannedNumber n;
                    if (at_end() || !number(n) || n.fraction) return false;
                    auto const magnitude = static_cast<std::int64_t>(n.magnitude);  // At most 18 digits.
                    ApplicationBuilder::write_number(out, Number(n.negative ? -magnitude : magnitude));
                }
                return true;
            }
            default: return false;  // A period, or what no field holds.
        }
        ApplicationBuilder::write_word(out, word);
        return true;
    }

    ApplicationBuilder& builder_;
    Program const& program_;
    BindLimits const& limits_;
    Application* app_ = nullptr;
};

}  // namespace kisoku::eval::detail
