// kisoku/eval/bind.hpp — the binding stage: an application, from JSON or native values, into slots.
//
// An ApplicationBuilder receives an application as a stream of events (begin an object, a key, a
// value, …) and writes each value straight into its slot, checked against the program's `input`
// declaration: no JSON document is built on the way. The JSON reader (nlohmann/json's SAX
// interface), a walk over an nlohmann::json value, and the Python bindings all drive the same
// builder, so an application means the same thing whichever way it comes in. The JSON text of an
// application that follows the declaration (fields in their declared order, values of their
// types, nothing escaped, no error) is bound first in one pass without events
// (kisoku/eval/bind_in_order.hpp), into the same application.
//
// Every problem is an InputError with the JSON path of the value ($.構成員[2].法人) and what was
// expected; all of them are reported, and an application with any error is not evaluated.
#pragma once

#include "kisoku/date.hpp"
#include "kisoku/detail/spelling.hpp"
#include "kisoku/eval/json_reader.hpp"
#include "kisoku/eval/program.hpp"
#include "kisoku/literal.hpp"
#include "kisoku/messages.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace kisoku::eval {

// A problem with an application: where (a JSON path, or `param NAME` for a supplied parameter),
// a stable code from the message catalogue, and the message's arguments.
struct InputError {
    std::string path;
    std::string code;
    std::vector<std::string> args;
};

inline std::string message(InputError const& e, Language lang) { return format_message(e.code, lang, e.args); }

// Limits on an application, each reported with its own error instead of being exceeded.
struct BindLimits {
    std::size_t max_bytes = 16u << 20;       // Of JSON text.
    std::size_t max_depth = 64;              // Objects and lists inside each other.
    std::size_t max_list_items = 100000;     // In any one list; never more than Value::max_list_items.
    std::size_t max_number_digits = 1000;    // In a number, including its exponent's effect.
    std::size_t max_errors = 100;            // Reported; the rest are counted in one more error.
};

namespace detail {

inline std::string quote(std::string_view s) { return "'" + std::string(s) + "'"; }

// Reads a JSON number's text ("12", "-0.5", "1.25e3") exactly, or returns nullopt when it is not
// such a number (`malformed` is then set) or has more than `max_digits` digits once its exponent
// is applied.
inline std::optional<Number> exact_json_number(std::string_view text, std::size_t max_digits, bool* malformed = nullptr) {
    auto const refuse = [&] {
        if (malformed) *malformed = true;
        return std::nullopt;
    };
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && text[i] == '-') {
        negative = true;
        ++i;
    }
    std::string digits;
    std::int64_t exponent = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) digits.push_back(text[i]);
    if (digits.empty()) return refuse();
    if (i < text.size() && text[i] == '.') {
        std::size_t const before = digits.size();
        for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
            digits.push_back(text[i]);
            --exponent;
        }
        if (digits.size() == before) return refuse();
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool exp_negative = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
        if (i == text.size()) return refuse();
        std::int64_t e = 0;
        for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
            e = e * 10 + (text[i] - '0');
            if (e > 1'000'000) return std::nullopt;
        }
        exponent += exp_negative ? -e : e;
    }
    if (i != text.size()) return refuse();
    std::size_t leading = digits.find_first_not_of('0');
    if (leading == std::string::npos) return Number(0);
    digits.erase(0, leading);
    auto const magnitude = static_cast<std::int64_t>(digits.size()) + (exponent > 0 ? exponent : -exponent);
    if (magnitude > static_cast<std::int64_t>(max_digits)) return std::nullopt;
    Number value = Number::parse(digits);
    Number ten(10), scale(1);
    for (std::int64_t k = 0; k < (exponent > 0 ? exponent : -exponent); ++k) scale *= ten;
    value = exponent >= 0 ? value * scale : value / scale;
    return negative ? -value : value;
}

// An amount of yen written as text in its usual form — "15,000円", "15000円", "1,234,567" —
// read without decoding the text into characters: ASCII digits (at most 18), grouped by
// threes with commas or not grouped at all, then 円 or nothing. Any other form gives nullopt
// and is read by parse_signed_literal, which reads these forms to the same value (a test
// compares the two on random texts); this one only spares the allocation of decoding.
inline std::optional<std::int64_t> read_plain_yen(std::string_view text) noexcept {
    std::size_t n = text.size();
    if (text.ends_with("円")) n -= std::string_view("円").size();
    if (n == 0) return std::nullopt;
    std::int64_t value = 0;
    std::size_t digits = 0, group = 0;
    bool grouped = false;
    for (std::size_t i = 0; i < n; ++i) {
        char const c = text[i];
        if (c >= '0' && c <= '9') {
            if (++digits > 18) return std::nullopt;
            value = value * 10 + (c - '0');
            ++group;
        } else if (c == ',' && group != 0 && (grouped ? group == 3 : group <= 3)) {
            grouped = true;
            group = 0;
        } else {
            return std::nullopt;
        }
    }
    if (grouped && group != 3) return std::nullopt;
    return value;
}

// Reads a date written 2025-04-14 in ASCII digits, as parse_date would, without decoding the
// text first. False when the text has another form (令和7年4月14日, full-width digits), which
// parse_date reads; otherwise `out` is the date, or nullopt for an invalid one (2025-02-30).
inline bool read_iso_date(std::string_view text, std::optional<Date>& out) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
    // Every digit is tested, and the tests are combined into one branch: dates are many in an
    // application, and one test per digit cost more than the reading.
    auto const digit = [&](std::size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(text[i])) - '0'; };
    unsigned const y0 = digit(0), y1 = digit(1), y2 = digit(2), y3 = digit(3);
    unsigned const m0 = digit(5), m1 = digit(6), d0 = digit(8), d1 = digit(9);
    if ((y0 > 9) | (y1 > 9) | (y2 > 9) | (y3 > 9) | (m0 > 9) | (m1 > 9) | (d0 > 9) | (d1 > 9)) return false;
    out = Date::from_ymd(static_cast<int>(y0 * 1000 + y1 * 100 + y2 * 10 + y3), static_cast<int>(m0 * 10 + m1),
                         static_cast<int>(d0 * 10 + d1));
    return true;
}

// A literal as an input or a parameter is written ("200,000円", "50%", "0.5"), or a ratio of two
// ("2/3", "1/2").
inline std::variant<LiteralValue, LiteralError> parse_input_literal(std::string_view value) {
    std::u32string const text = decode_utf8(value).text;
    std::size_t const slash = text.find(U'/');
    auto parsed = parse_signed_literal(std::u32string_view(text).substr(0, slash));
    if (slash == std::u32string::npos || !std::holds_alternative<LiteralValue>(parsed)) return parsed;
    auto below = parse_literal(std::u32string_view(text).substr(slash + 1));
    if (auto const* e = std::get_if<LiteralError>(&below)) return *e;
    auto const& divisor = std::get<LiteralValue>(below);
    if (divisor.value.is_zero()) return LiteralError{"division-by-zero", {}, 0, 0};
    auto& ratio = std::get<LiteralValue>(parsed);
    ratio.value = ratio.value / divisor.value;
    ratio.is_yen = ratio.is_yen || divisor.is_yen;
    return parsed;
}

}  // namespace detail

namespace detail {
class InOrderBinder;
}

// Builds an Application from events. Use: begin(app), then the events of one JSON value (the
// application object), then finish(), which returns every error found (empty: ready to evaluate).
class ApplicationBuilder {
    // The in-order binder (kisoku/eval/bind_in_order.hpp) writes into the same application, with
    // the same parameters, layouts, limits and lists of pending items.
    friend class detail::InOrderBinder;

    // The events' state: what is open (records and lists inside each other), where values go.
    struct Frame {
        enum Kind { record, list } kind;
        std::int32_t layout;         // record: its layout; list: the element's layout or enum
        std::uint32_t first_slot;    // record: its first slot; list: the slot holding the list
        std::size_t path_length;     // The length of path_ at the value itself.
        std::uint32_t items = 0;     // list: items so far
        std::uint32_t pending = 0;   // list: where its items start in pending_
        std::uint32_t seen = 0;      // record: where its fields' seen flags start in seen_
        std::uint32_t next_field = 0;  // record: the field after the last key, where the next key is looked for first
        detail::QuotedText const* offered = nullptr;  // record: quoted_names_ of its layout
        std::uint32_t fields = 0;                  // record: how many fields its layout has
    };
    struct Pending {
        Value value;
        std::int64_t region;  // A record item: its region in Application::records, to point at its item.
    };
    // Where the next value goes: a field of the current record, or the next item of the current list.
    struct Target {
        FieldLayout const* field = nullptr;
        bool in_list = false;
        std::uint32_t slot = 0;
    };

public:
    explicit ApplicationBuilder(Program const& program, BindLimits limits = {}) : program_(program), limits_(limits) {
        limits_.max_list_items = std::min(limits_.max_list_items, Value::max_list_items);
        parameters_.resize(program.root_slots);
        first_parameter_ = program.root_slots - parameter_count();
        for (auto const& layout : program.layouts) {
            // What each field adds to a JSON path (.名称, or ["a b"] for a name that needs quoting).
            auto& paths = key_paths_.emplace_back();
            for (auto const& f : layout.fields) append_key_to(paths.emplace_back(), f.name);
            // The names expected_key() may offer, and the fields that must be given.
            auto& offered = quoted_names_.emplace_back();
            auto& required = required_fields_.emplace_back();
            for (std::size_t f = 0; f < layout.fields.size(); ++f) {
                offered.emplace_back(layout.fields[f].name);
                if (layout.fields[f].required) required.push_back(static_cast<std::uint32_t>(f));
            }
        }
        // The values of each enumeration as the in-order binder compares them in place.
        for (auto const& e : program.enums) {
            auto& written = quoted_enum_values_.emplace_back();
            for (auto const& v : e.values) written.emplace_back(v);
        }
        // Records in records are followed until nothing changes (which also ends on a cycle).
        holds_lists_.assign(program.layouts.size(), false);
        for (bool changed = true; changed;) {
            changed = false;
            for (std::size_t l = 0; l < program.layouts.size(); ++l) {
                if (holds_lists_[l]) continue;
                for (auto const& f : program.layouts[l].fields)
                    if (f.kind == Kind::list || (f.kind == Kind::record && holds_lists_[static_cast<std::size_t>(f.id)])) {
                        holds_lists_[l] = changed = true;
                        break;
                    }
            }
        }
    }

    // Supplies a `param … required` for every application built afterwards. The value is read as
    // in a rule file: "1/2", "50%", "200,000円". Returns an error when the name or value is wrong.
    std::optional<InputError> set_parameter(std::string_view name, std::string_view value) {
        std::string path = "param " + std::string(name);
        for (auto const& g : program_.globals) {
            if (g.name != name || !g.supplied) continue;
            // A literal, or a ratio of two: "1/2", "2/3", "50%", "200,000円".
            auto parsed = detail::parse_input_literal(value);
            if (auto const* e = std::get_if<LiteralError>(&parsed))
                return InputError{path, "input-malformed-number", {detail::quote(value), nested_message(e->code, e->args)}};
            Number number = std::get<LiteralValue>(parsed).value;
            if (g.kind == Kind::yen && !number.is_integer())
                return InputError{path, "input-yen-fraction", {std::string(value)}};
            parameters_[g.slot] = Value::of_number(std::move(number));
            return std::nullopt;
        }
        return InputError{path, "input-parameter-unknown", {detail::quote(name)}};
    }

    void begin(Application& app) {
        app_ = &app;
        app.clear(program_.root_slots);
        for (std::size_t i = first_parameter_; i < program_.root_slots; ++i)
            if (parameters_[i].known()) app.slots[i] = parameters_[i];
        errors_.clear();
        dropped_errors_ = 0;
        frames_.clear();
        list_field_.clear();
        pending_.clear();
        seen_.clear();
        path_ = "$";
        started_ = false;
        depth_reported_ = false;
        pending_key_ = -1;
        skip_depth_ = 0;
        track_paths_ = true;
    }

    // Starts an application without following the JSON path of each value, which only an error
    // needs: for a first reading that is repeated after begin() when it finds any error, so that
    // every error is still reported with its path.
    void begin_untracked(Application& app) {
        begin(app);
        track_paths_ = false;
    }

    // Events. Each returns true (binding goes on after an error, to report every error at once).
    bool begin_object() {
        if (skip_depth_ > 0 || too_deep()) return skip_nested();
        if (!started_) {
            started_ = true;
            frames_.push_back({Frame::record, 0, 0, path_.size(), 0, 0, 0, 0, quoted_names_[0].data(),
                               static_cast<std::uint32_t>(quoted_names_[0].size())});
            open_seen(program_.layouts[0].fields.size());
            return true;
        }
        Target t = target();
        if (!t.field) return skip_nested();
        if (t.field->kind != Kind::record && !(t.in_list && t.field->element == Kind::record))
            return mismatch(*t.field, t.in_list, "@json-object"), skip_nested();
        auto const layout = t.field->id;
        auto const fields = program_.layouts[static_cast<std::size_t>(layout)].fields.size();
        if (t.in_list) {
            std::uint32_t first = app_->add_record(fields, layout, -1, true);
            pending_.push_back({Value::of_word(first), static_cast<std::int64_t>(app_->records.size() - 1)});
        } else {
            std::uint32_t first = app_->add_record(fields, layout, t.slot, false);
            app_->slots[t.slot] = Value::of_word(first);
        }
        frames_.push_back({Frame::record, layout, static_cast<std::uint32_t>(app_->slots.size() - fields), path_.size(), 0, 0, 0, 0,
                           quoted_names_[static_cast<std::size_t>(layout)].data(), static_cast<std::uint32_t>(fields)});
        open_seen(fields);
        return true;
    }

    bool end_object() {
        if (skip_depth_ > 0) return --skip_depth_, true;
        Frame const frame = frames_.back();
        for (std::uint32_t f : required_fields_[static_cast<std::size_t>(frame.layout)])
            if (!seen_[frame.seen + f]) [[unlikely]] required_missing(frame.layout, frame.path_length, f);
        seen_.resize(frame.seen);
        frames_.pop_back();
        path_.resize(frame.path_length);
        after_value();
        return true;
    }

    bool begin_array() {
        if (skip_depth_ > 0 || too_deep()) return skip_nested();
        if (!started_) {
            started_ = true;
            error("input-type", {"@json-object", "@json-array"});
            return skip_nested();
        }
        Target t = target();
        if (!t.field) return skip_nested();
        if (t.in_list || t.field->kind != Kind::list) return mismatch(*t.field, t.in_list, "@json-array"), skip_nested();
        frames_.push_back({Frame::list, t.field->id, t.slot, path_.size(), 0, static_cast<std::uint32_t>(pending_.size()), 0});
        list_field_.push_back(t.field);
        if (track_paths_) path_ += "[0]";
        return true;
    }

    bool end_array() {
        if (skip_depth_ > 0) return --skip_depth_, true;
        Frame const frame = frames_.back();
        close_list(frame.pending, frame.first_slot);
        frames_.pop_back();
        list_field_.pop_back();
        path_.resize(frame.path_length);
        after_value();
        return true;
    }

    // (The key expected next, the usual case, is taken inline.)
    [[gnu::always_inline]] bool key(std::string_view name) {
        if (skip_depth_ > 0) return true;
        if (detail::QuotedText const* const expected = expected_key(); expected && detail::same_text(expected->text(), name)) [[likely]] {
            expected_key_found();
            return true;
        }
        return search_key(name);
    }

    // The key expected next, for a reader that can compare it with the text in place: the field
    // after the last key, when it has not been given yet and its name is written the same in JSON
    // as in UTF-8. Null when there is none.
    detail::QuotedText const* expected_key() const {
        if (skip_depth_ > 0 || frames_.empty()) return nullptr;
        Frame const& frame = frames_.back();
        std::size_t const f = frame.next_field;
        if (f >= frame.fields || seen_[frame.seen + f]) return nullptr;  // (A list's frame has no fields.)
        detail::QuotedText const& offered = frame.offered[f];
        return offered.size() != 0 ? &offered : nullptr;
    }

    // The key expected_key() gave was read: the same as key() with it.
    void expected_key_found() { take_key(frames_.back(), frames_.back().next_field); }

private:
    bool string(std::string_view text, bool has_nul) {
        if (skip_depth_ > 0) return true;
        if (!started_) return root_not_object("@json-string");
        Target t = target();
        if (t.field) {
            // "\u0000" is valid JSON, but no form field holds a NUL: it would cut the text short downstream.
            if (has_nul)
                error("input-control-character", {"U+0000"});
            else
                string_value(t, text);
        }
        after_value();
        return true;
    }

    [[gnu::always_inline]] void take_key(Frame& frame, std::size_t f) {
        if (track_paths_) {
            path_.resize(frame.path_length);
            path_ += key_paths_[static_cast<std::size_t>(frame.layout)][f];
        }
        frame.next_field = static_cast<std::uint32_t>(f + 1);
        seen_[frame.seen + f] = 1;
        pending_key_ = static_cast<std::int64_t>(f);
    }

    // Any key: looked for among all the fields, from the one after the last key on.
    [[gnu::noinline]] bool search_key(std::string_view name) {
        Frame& frame = frames_.back();
        path_.resize(frame.path_length);
        pending_key_ = -1;
        auto const& layout = program_.layouts[static_cast<std::size_t>(frame.layout)];
        std::size_t const fields = layout.fields.size();
        for (std::size_t k = 0, f = frame.next_field; k < fields; ++k, ++f) {
            if (f >= fields) f -= fields;
            if (!detail::same_text(layout.fields[f].name, name)) continue;
            if (seen_[frame.seen + f]) {
                if (track_paths_) path_ += key_paths_[static_cast<std::size_t>(frame.layout)][f];
                frame.next_field = static_cast<std::uint32_t>(f + 1);
                error("input-duplicate-field", {detail::quote(name)});
                pending_key_ = -2;  // Reported: its value is skipped.
            } else {
                take_key(frame, f);
            }
            return true;
        }
        unknown_field(frame.layout, name);
        return true;
    }

private:
    // A key that is no field of its record: reported with the closest field's name, if any is close.
    [[gnu::noinline, gnu::cold]] void unknown_field(std::int32_t layout_index, std::string_view name) {
        auto const& layout = program_.layouts[static_cast<std::size_t>(layout_index)];
        append_key(name);
        std::vector<std::u32string> names;
        for (auto const& f : layout.fields) names.push_back(decode_utf8(f.name).text);
        std::vector<std::u32string_view> views(names.begin(), names.end());
        auto best = kisoku::detail::closest_match(decode_utf8(name).text, views);
        std::string owner = layout_index == 0 ? "@application" : detail::quote(layout.name);
        if (best.empty())
            error("input-unknown-field", {detail::quote(name), owner});
        else
            error("input-unknown-field-suggest", {detail::quote(name), owner, detail::quote(encode_utf8(best))});
        pending_key_ = -2;
    }

    // A required field of the record just ended was not given.
    [[gnu::noinline, gnu::cold]] void required_missing(std::int32_t layout, std::size_t path_length, std::uint32_t f) {
        auto const& name = program_.layouts[static_cast<std::size_t>(layout)].fields[f].name;
        path_.resize(path_length);
        append_key(name);
        error("input-required", {detail::quote(name)});
    }

public:

    bool null() {
        if (skip_depth_ > 0) return true;
        if (!started_) return root_not_object("@json-null");
        Target t = target();
        if (t.field) {
            // null is "not given": unknown. A required field given as null is still missing.
            if (!t.in_list && t.field->required) {
                error("input-required", {detail::quote(t.field->name)});
            }
            if (t.in_list) pending_.push_back({Value{}, -1});
        }
        after_value();
        return true;
    }

    bool boolean(bool b) {
        if (skip_depth_ > 0) return true;
        if (!started_) return root_not_object("@json-bool");
        Target t = target();
        if (t.field) {
            if (element_kind(t) == Kind::boolean)
                store_word(t, b ? 1 : 0);
            else
                mismatch(*t.field, t.in_list, "@json-bool");
        }
        after_value();
        return true;
    }

    bool integer(std::int64_t n) { return number_value(Number(n), nullptr); }
    bool unsigned_integer(std::uint64_t n) { return number_value(Number(n), nullptr); }

    // A JSON number with a fraction or an exponent, as written ("0.5", "1e3"), read exactly.
    bool number_text(std::string_view text) {
        if (skip_depth_ > 0) return true;
        bool malformed = false;
        auto n = detail::exact_json_number(text, limits_.max_number_digits, &malformed);
        if (!n) {
            if (!started_) return root_not_object("@json-number");
            if (target().field) {
                if (malformed)
                    error("input-malformed-number", {std::string(text), "@not-a-finite-number"});
                else
                    error("input-number-too-large", {std::string(text), std::to_string(limits_.max_number_digits)});
            }
            after_value();
            return true;
        }
        bool const has_fraction_text = text.find_first_of(".eE") != std::string_view::npos;
        return number_value(*n, has_fraction_text ? &text : nullptr);
    }

    // A native exact number (from C++ or Python), for a number or yen field.
    bool number(Number const& n) { return number_value(n, nullptr); }

    bool string(std::string_view text) { return string(text, text.find('\0') != std::string_view::npos); }

    // A string that a reader has already found free of NUL bytes (kisoku's own JSON reader gives
    // up on any control character in a string): string() without looking again.
    bool string_without_nul(std::string_view text) { return string(text, false); }

    // A value the caller could not convert (a Python text that is not valid Unicode, an integer
    // too long to write out): reported at the current path, and the value is skipped.
    bool invalid_value(std::string const& what) {
        if (skip_depth_ > 0) return true;
        if (!started_) return root_not_object("@json-null");
        if (target().field) error("input-invalid-value", {what});
        after_value();
        return true;
    }

    // A native date (from C++ or Python), for a date field.
    bool date(Date d) {
        if (skip_depth_ > 0) return true;
        Target t = target();
        if (t.field) {
            if (element_kind(t) == Kind::date)
                store_word(t, d.days_since_epoch());
            else
                mismatch(*t.field, t.in_list, "@date");
        }
        after_value();
        return true;
    }

    // Reports a syntax error of the JSON text, at the path reached when it was found.
    void syntax_error(std::string const& what) { error_at(started_ ? path_ : "$", "input-not-json", {what}); }

    // Ends the application: the required fields of the input, the supplied parameters. Returns
    // every error found.
    std::vector<InputError> finish() {
        if (!started_ && errors_.empty()) error_at("$", "input-type", {"@json-object", "@end"});
        for (auto const& g : program_.globals)
            if (g.supplied && !app_->slots[g.slot].known())
                error_at("param " + g.name, "input-parameter-missing", {detail::quote(g.name), g.explanation});
        if (dropped_errors_ > 0)
            errors_.push_back({"$", "input-too-many-errors", {std::to_string(dropped_errors_), std::to_string(limits_.max_errors)}});
        return std::move(errors_);
    }

    std::vector<InputError> const& errors() const { return errors_; }

private:
    std::size_t parameter_count() const {
        std::size_t n = 0;
        for (auto const& g : program_.globals) n += g.supplied ? 1 : 0;
        return n;
    }

    // (Inlined, with after_value and value_for, into every value's event: they run for each value.)
    [[gnu::always_inline]] Target target() {
        Target t;
        if (frames_.empty()) return t;
        Frame& frame = frames_.back();
        if (frame.kind == Frame::list) {
            if (frame.items >= limits_.max_list_items) [[unlikely]] {
                list_too_long(frame.items);
                return t;
            }
            t.field = list_field_.back();
            t.in_list = true;
            t.slot = frame.first_slot;
            return t;
        }
        if (pending_key_ < 0) return t;
        t.field = &program_.layouts[static_cast<std::size_t>(frame.layout)].fields[static_cast<std::size_t>(pending_key_)];
        t.slot = frame.first_slot + static_cast<std::uint32_t>(pending_key_);
        return t;
    }

    // A list has ended: its items, from pending_[first_pending] on, become the application's (after
    // those of any list inside them, which ended first), and the list's slot points at them. An
    // item not given (null) names itself, as an unknown slot does.
    void close_list(std::size_t first_pending, std::uint32_t slot) {
        auto const first = static_cast<std::uint32_t>(app_->items.size());
        auto const count = static_cast<std::uint32_t>(pending_.size() - first_pending);
        for (std::size_t i = first_pending; i < pending_.size(); ++i) {
            auto const item = static_cast<std::int64_t>(app_->items.size());
            Value v = pending_[i].value;
            if (pending_[i].region >= 0) app_->records[static_cast<std::size_t>(pending_[i].region)].parent = item;
            if (!v.known()) {
                v.word = item;
                v.flags = Value::from_item;
            }
            app_->items.push_back(v);
        }
        pending_.resize(first_pending);
        add_list(first, count, slot);
    }

    // The list in `slot` holds the `count` items from items[first] on.
    void add_list(std::uint32_t first, std::uint32_t count, std::uint32_t slot) {
        app_->lists.push_back({first, count, slot});
        app_->slots[slot] = Value::of_word(first, count);
    }

    [[gnu::noinline, gnu::cold]] void list_too_long(std::size_t items) {
        if (items == limits_.max_list_items) error("input-list-too-long", {std::to_string(limits_.max_list_items)});
    }

    static Kind element_kind(Target const& t) { return t.in_list ? t.field->element : t.field->kind; }

    // After a value: the next item of a list gets the next index in the path.
    [[gnu::always_inline]] void after_value() {
        if (frames_.empty()) return;
        Frame& frame = frames_.back();
        if (frame.kind == Frame::list) {
            ++frame.items;
            if (!track_paths_) return;
            path_.resize(frame.path_length);
            char digits[16];
            char const* end = std::to_chars(digits, digits + sizeof digits, frame.items).ptr;
            path_ += '[';
            path_.append(digits, static_cast<std::size_t>(end - digits));
            path_ += ']';
        } else {
            pending_key_ = -1;
        }
    }

    // Where a value for `t` goes: its slot, or a new item of the list.
    [[gnu::always_inline]] Value& value_for(Target const& t) {
        if (!t.in_list) return app_->slots[t.slot];
        Pending& item = pending_.emplace_back();
        item.region = -1;
        return item.value;
    }
    void store_word(Target const& t, std::int64_t word, std::int64_t word2 = 0) { write_word(value_for(t), word, word2); }
    void store_number(Target const& t, Number const& n) { write_number(value_for(t), n); }

    // A known value, written in place into `v` (a slot or an item; the in-order binder writes
    // with these too): a Value built first and copied would be read back before the writes that
    // built it have settled, which stalls the processor on every field.
    [[gnu::always_inline]] static void write_word(Value& v, std::int64_t word, std::int64_t word2 = 0) {
        v.state = State::known;
        v.flags = 0;
        v.word = word;
        v.word2 = static_cast<std::int32_t>(word2);
    }
    template <typename N>
    [[gnu::always_inline]] static void write_number(Value& v, N&& n) {
        v.set_number(std::forward<N>(n));
    }

    // The index of the enumeration value named `text`, or -1 when there is none.
    static std::int64_t enum_value_index(EnumLayout const& e, std::string_view text) {
        for (std::size_t v = 0; v < e.values.size(); ++v)
            if (detail::same_text(e.values[v], text)) return static_cast<std::int64_t>(v);
        return -1;
    }

    bool number_value(Number const& n, std::string_view const* written) {
        if (skip_depth_ > 0) return true;
        if (!started_) return root_not_object("@json-number");
        Target t = target();
        if (t.field) {
            Kind kind = element_kind(t);
            // The number as shown in a message (made only for one).
            auto shown = [&] { return written ? std::string(*written) : n.to_string(); };
            if (kind == Kind::yen) {
                if (!n.is_integer())
                    error("input-yen-fraction", {shown()});
                else
                    store_number(t, n);
            } else if (kind == Kind::number) {
                if (t.field->whole && !n.is_integer())
                    error("input-not-whole", {shown(), detail::quote(t.field->name)});
                else
                    store_number(t, n);
            } else {
                mismatch(*t.field, t.in_list, "@json-number");
            }
        }
        after_value();
        return true;
    }

    // A string for the field or item `t`: a text, a date, an enumeration value (the commonest,
    // here), or a number, an amount or a period written as text (out of line, below).
    void string_value(Target const& t, std::string_view text) {
        switch (element_kind(t)) {
            case Kind::text: store_word(t, static_cast<std::int64_t>(app_->add_text(text))); return;
            case Kind::date: {
                std::optional<Date> d;
                if (!detail::read_iso_date(text, d)) d = parse_date(decode_utf8(text).text);
                if (!d)
                    error("input-malformed-date", {shown_text(text)});
                else
                    store_word(t, d->days_since_epoch());
                return;
            }
            case Kind::enumeration: {
                auto const& e = program_.enums[static_cast<std::size_t>(t.field->id)];
                if (std::int64_t const v = enum_value_index(e, text); v >= 0)
                    store_word(t, v);
                else
                    unknown_enum_value(e, text);
                return;
            }
            case Kind::yen:
            case Kind::number: number_from_text(t, text); return;
            case Kind::period: period_from_text(t, text); return;
            default: mismatch(*t.field, t.in_list, "@json-string"); return;
        }
    }

    // The text as shown in a message.
    static std::string shown_text(std::string_view text) { return "\"" + std::string(text) + "\""; }

    [[gnu::noinline, gnu::cold]] void unknown_enum_value(EnumLayout const& e, std::string_view text) {
        std::string values;
        for (auto const& v : e.values) values += (values.empty() ? "" : ", ") + v;
        error("input-unknown-enum-value", {shown_text(text), detail::quote(e.name), values});
    }

    // A number or an amount written as text ("200,000円", "50%"); a number may be a ratio ("2/3").
    [[gnu::noinline]] void number_from_text(Target const& t, std::string_view text) {
        auto const n = read_number_text(element_kind(t), *t.field, text, [&](char const* code, std::vector<std::string> args) {
            if (code)
                error(code, std::move(args));
            else
                mismatch(*t.field, t.in_list, "@yen");
        });
        if (n) store_number(t, *n);
    }

    // What a number or an amount written as text reads as, for `field` (or its items) of `kind`:
    // the number, or nullopt after refuse(code, args) with the error to report (a null code for
    // an amount in yen where a plain number is expected).
    template <typename Refuse>
    static std::optional<Number> read_number_text(Kind kind, FieldLayout const& field, std::string_view text, Refuse&& refuse) {
        if (kind == Kind::yen)
            if (auto const yen = detail::read_plain_yen(text)) return Number(*yen);
        auto parsed = kind == Kind::number ? detail::parse_input_literal(text) : parse_signed_literal(decode_utf8(text).text);
        if (auto const* e = std::get_if<LiteralError>(&parsed)) {
            refuse(kind == Kind::yen ? "input-malformed-amount" : "input-malformed-number", {shown_text(text), nested_message(e->code, e->args)});
            return std::nullopt;
        }
        auto& literal = std::get<LiteralValue>(parsed);
        if (kind == Kind::yen && (text.find('%') != std::string_view::npos || text.find("％") != std::string_view::npos)) {
            refuse("input-percent-for-yen", {shown_text(text)});
        } else if (kind == Kind::yen && !literal.value.is_integer()) {
            refuse("input-yen-fraction", {shown_text(text)});
        } else if (kind == Kind::number && literal.is_yen) {
            refuse(nullptr, {});
        } else if (kind == Kind::number && field.whole && !literal.value.is_integer()) {
            refuse("input-not-whole", {shown_text(text), detail::quote(field.name)});
        } else {
            return std::move(literal.value);
        }
        return std::nullopt;
    }

    // A period written "2025-04-01..2026-03-31" (or with 〜 between the dates).
    [[gnu::noinline]] void period_from_text(Target const& t, std::string_view text) {
        auto decoded = decode_utf8(text).text;
        std::size_t sep = decoded.find(U"..");
        std::size_t sep_len = 2;
        if (sep == std::u32string::npos) {
            sep = decoded.find_first_of(U"〜～");
            sep_len = 1;
        }
        std::optional<Date> from, to;
        if (sep != std::u32string::npos) {
            auto trim = [](std::u32string_view s) {
                while (!s.empty() && s.front() == U' ') s.remove_prefix(1);
                while (!s.empty() && s.back() == U' ') s.remove_suffix(1);
                return s;
            };
            from = parse_date(trim(std::u32string_view(decoded).substr(0, sep)));
            to = parse_date(trim(std::u32string_view(decoded).substr(sep + sep_len)));
        }
        if (!from || !to || *to < *from)
            error("input-malformed-period", {shown_text(text)});
        else
            store_word(t, from->days_since_epoch(), to->days_since_epoch());
    }

    // What a field (or a list's item) expects, as a catalogue term or a quoted name.
    std::string expected(FieldLayout const& f, bool item) const {
        Kind kind = item ? f.element : f.kind;
        switch (kind) {
            case Kind::boolean: return "@json-bool";
            case Kind::number: return "@input-number";
            case Kind::yen: return "@input-yen";
            case Kind::date: return "@input-date";
            case Kind::period: return "@input-period";
            case Kind::text: return "@input-text";
            case Kind::enumeration: return detail::quote(program_.enums[static_cast<std::size_t>(f.id)].name);
            case Kind::record: return detail::quote(program_.layouts[static_cast<std::size_t>(f.id)].name);
            case Kind::list: return "@json-array";
            default: return "?";
        }
    }

    [[gnu::cold]] void mismatch(FieldLayout const& f, bool item, std::string const& found) { error("input-type", {expected(f, item), found}); }

    [[gnu::cold]] bool root_not_object(std::string const& found) {
        started_ = true;
        error("input-type", {"@json-object", found});
        return true;
    }

    bool too_deep() {
        if (frames_.size() < limits_.max_depth) return false;
        if (!depth_reported_) error("input-too-deep", {std::to_string(limits_.max_depth)});
        depth_reported_ = true;
        return true;
    }

    // Skips the object or list just begun (reported, or inside a skipped value).
    bool skip_nested() {
        if (skip_depth_ == 0 && !frames_.empty() && frames_.back().kind == Frame::list) {
            // A skipped item still takes its place in the list's numbering.
            after_value();
        } else if (skip_depth_ == 0) {
            pending_key_ = -1;
        }
        ++skip_depth_;
        return true;
    }

    void open_seen(std::size_t fields) {
        frames_.back().seen = static_cast<std::uint32_t>(seen_.size());
        seen_.resize(seen_.size() + fields, 0);
    }

    void append_key(std::string_view name) { append_key_to(path_, name); }
    static void append_key_to(std::string& path, std::string_view name) {
        bool plain = !name.empty();
        for (char c : name)
            if (c == '.' || c == '[' || c == ']' || c == '"' || c == ' ' || c == '\'' || c == '$') plain = false;
        if (plain) {
            path += '.';
            path += name;
        } else {
            path += "[\"";
            for (char c : name) {
                if (c == '"' || c == '\\') path += '\\';
                path += c;
            }
            path += "\"]";
        }
    }

    // (Errors are cold: the paths that lead to one are kept out of the way of the events' work.)
    [[gnu::cold]] void error(std::string code, std::vector<std::string> args) { error_at(path_, std::move(code), std::move(args)); }
    [[gnu::cold]] void error_at(std::string path, std::string code, std::vector<std::string> args) {
        if (errors_.size() >= limits_.max_errors) {
            ++dropped_errors_;
            return;
        }
        errors_.push_back({std::move(path), std::move(code), std::move(args)});
    }

    Program const& program_;
    BindLimits limits_;
    Application* app_ = nullptr;
    std::vector<Value> parameters_;  // Supplied parameters, by slot.
    std::vector<InputError> errors_;
    std::size_t dropped_errors_ = 0;
    std::vector<Frame> frames_;
    std::vector<FieldLayout const*> list_field_;
    std::vector<std::vector<std::string>> key_paths_;  // By layout and field: what append_key appends.
    // By layout and field: its name as the readers compare it in place, or one that matches
    // nothing where JSON would write the name otherwise than as its bytes.
    std::vector<std::vector<detail::QuotedText>> quoted_names_;
    // By enumeration and value: the same for its values.
    std::vector<std::vector<detail::QuotedText>> quoted_enum_values_;
    std::vector<std::vector<std::uint32_t>> required_fields_;  // By layout: its required fields.
    std::vector<bool> holds_lists_;  // By layout: whether its records can hold a list (in a field, or in a field's record).
    std::size_t first_parameter_ = 0;  // The slot of the first supplied parameter.
    std::vector<Pending> pending_;
    std::vector<unsigned char> seen_;  // Whether each field of the open records was given (bytes, not bits: cheaper to grow).
    std::string path_;
    bool track_paths_ = true;  // Whether path_ follows the value being read (see begin_untracked).
    bool started_ = false;
    bool depth_reported_ = false;
    std::int64_t pending_key_ = -1;  // The field of the key just read; -1 none, -2 skipped.
    std::size_t skip_depth_ = 0;
};

}  // namespace kisoku::eval

// The in-order binder needs the whole ApplicationBuilder above, and bind_json below needs it.
#include "kisoku/eval/bind_in_order.hpp"

namespace kisoku::eval {
namespace detail {

// nlohmann/json's SAX events, forwarded to an ApplicationBuilder.
class JsonEvents {
public:
    using json = nlohmann::json;
    explicit JsonEvents(ApplicationBuilder& builder) : b_(builder) {}
    bool null() { return b_.null(); }
    bool boolean(bool v) { return b_.boolean(v); }
    bool number_integer(json::number_integer_t v) { return b_.integer(v); }
    bool number_unsigned(json::number_unsigned_t v) { return b_.unsigned_integer(v); }
    bool number_float(json::number_float_t, json::string_t const& text) { return b_.number_text(text); }
    bool string(json::string_t& v) { return b_.string(v); }
    bool binary(json::binary_t&) { return b_.null(); }
    bool start_object(std::size_t) { return b_.begin_object(); }
    bool key(json::string_t& k) { return b_.key(k); }
    bool end_object() { return b_.end_object(); }
    bool start_array(std::size_t) { return b_.begin_array(); }
    bool end_array() { return b_.end_array(); }
    bool parse_error(std::size_t position, std::string const&, nlohmann::detail::exception const& e) {
        std::string what = e.what();
        // nlohmann's message starts with "[json.exception.parse_error.101] parse error at line 1, column 5: …".
        if (auto p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
        // The message quotes the text read last, which may be the malformed bytes themselves.
        what = encode_utf8(decode_utf8_lossy(what));
        b_.syntax_error(what + " (byte " + std::to_string(position) + ")");
        return false;
    }

private:
    ApplicationBuilder& b_;
};

inline void walk(ApplicationBuilder& b, nlohmann::json const& j) {
    using value_t = nlohmann::json::value_t;
    switch (j.type()) {
        case value_t::object:
            b.begin_object();
            for (auto it = j.begin(); it != j.end(); ++it) {
                b.key(it.key());
                walk(b, it.value());
            }
            b.end_object();
            break;
        case value_t::array:
            b.begin_array();
            for (auto const& item : j) walk(b, item);
            b.end_array();
            break;
        case value_t::boolean: b.boolean(j.get<bool>()); break;
        case value_t::number_integer: b.integer(j.get<std::int64_t>()); break;
        case value_t::number_unsigned: b.unsigned_integer(j.get<std::uint64_t>()); break;
        case value_t::number_float: b.number_text(j.dump()); break;
        case value_t::string: b.string(j.get_ref<std::string const&>()); break;
        default: b.null(); break;
    }
}

}  // namespace detail

// Binds JSON text into `app`. Returns every input error (empty: ready to evaluate).
inline std::vector<InputError> bind_json(ApplicationBuilder& builder, std::string_view json_text, Application& app,
                                         BindLimits const& limits = {}) {
    if (json_text.size() > limits.max_bytes) {
        builder.begin(app);
        builder.syntax_error("");
        auto errors = builder.finish();
        errors.assign(1, InputError{"$", "input-too-large", {std::to_string(limits.max_bytes)}});
        return errors;
    }
    // The in-order binder first (see kisoku/eval/bind_in_order.hpp): where it finishes, the
    // application is bound. When it gives up, the fast reader (kisoku/eval/json_reader.hpp),
    // without following JSON paths; an application with any error is read again with them, and
    // when the fast reader gives up (an escape in a string, a syntax error, …), with
    // nlohmann/json's reader. Neither of the first two ever accepts a NUL byte.
    // (Where it finishes, the text has no input error: only a supplied parameter can be missing,
    // which finish() reports as it would after any reading.)
    if (detail::InOrderBinder(builder, json_text).bind(app)) return builder.finish();
    builder.begin_untracked(app);
    bool const read = detail::FastJsonReader<ApplicationBuilder>(json_text, builder).read();
    if (read && builder.errors().empty()) {
        auto errors = builder.finish();
        if (errors.empty()) return errors;
    }
    if (read) {
        builder.begin(app);
        if (detail::FastJsonReader<ApplicationBuilder>(json_text, builder).read()) return builder.finish();
    }
    builder.begin(app);
    // nlohmann/json's reader takes a NUL byte for the end of the text, which would silently drop
    // whatever follows it; no JSON text contains one (in strings it is written \u0000).
    if (auto nul = json_text.find('\0'); nul != std::string_view::npos) {
        builder.syntax_error("a NUL byte (byte " + std::to_string(nul) + ")");
        return builder.finish();
    }
    detail::JsonEvents events(builder);
    nlohmann::json::sax_parse(json_text.begin(), json_text.end(), &events, nlohmann::json::input_format_t::json, true, false);
    return builder.finish();
}

// A std::string or a string literal converts both to std::string_view and to nlohmann::json: these
// two overloads make either mean JSON text, as it is in every other call.
inline std::vector<InputError> bind_json(ApplicationBuilder& builder, std::string const& json_text, Application& app,
                                         BindLimits const& limits = {}) {
    return bind_json(builder, std::string_view(json_text), app, limits);
}
inline std::vector<InputError> bind_json(ApplicationBuilder& builder, char const* json_text, Application& app,
                                         BindLimits const& limits = {}) {
    return bind_json(builder, std::string_view(json_text), app, limits);
}

// Binds an nlohmann::json value (already parsed) into `app`.
inline std::vector<InputError> bind_json(ApplicationBuilder& builder, nlohmann::json const& json, Application& app) {
    builder.begin(app);
    detail::walk(builder, json);
    return builder.finish();
}

}  // namespace kisoku::eval
