// kisoku/eval/bind.hpp — the binding stage: an application, from JSON or native values, into slots.
//
// An ApplicationBuilder receives an application as a stream of events (begin an object, a key, a
// value, …) and writes each value straight into its slot, checked against the program's `input`
// declaration: no JSON document is built on the way. The JSON reader (nlohmann/json's SAX
// interface), a walk over an nlohmann::json value, and the Python bindings all drive the same
// builder, so an application means the same thing whichever way it comes in.
//
// Every problem is an InputError with the JSON path of the value ($.構成員[2].法人) and what was
// expected; all of them are reported, and an application with any error is not evaluated.
#pragma once

#include "kisoku/date.hpp"
#include "kisoku/detail/spelling.hpp"
#include "kisoku/eval/program.hpp"
#include "kisoku/literal.hpp"
#include "kisoku/messages.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
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
    std::size_t max_list_items = 100000;     // In any one list.
    std::size_t max_number_digits = 1000;    // In a number, including its exponent's effect.
    std::size_t max_errors = 100;            // Reported; the rest are counted in the last one.
};

namespace detail {

inline std::string quote(std::string_view s) { return "'" + std::string(s) + "'"; }

// Reads a JSON number's text ("12", "-0.5", "1.25e3") exactly, or returns nullopt when it has
// more than `max_digits` digits once its exponent is applied.
inline std::optional<Number> exact_json_number(std::string_view text, std::size_t max_digits) {
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && text[i] == '-') {
        negative = true;
        ++i;
    }
    std::string digits;
    std::int64_t exponent = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) digits.push_back(text[i]);
    if (i < text.size() && text[i] == '.')
        for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
            digits.push_back(text[i]);
            --exponent;
        }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool exp_negative = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
        std::int64_t e = 0;
        for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
            e = e * 10 + (text[i] - '0');
            if (e > 1'000'000) return std::nullopt;
        }
        exponent += exp_negative ? -e : e;
    }
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

}  // namespace detail

// Builds an Application from events. Use: begin(app), then the events of one JSON value (the
// application object), then finish(), which returns every error found (empty: ready to evaluate).
class ApplicationBuilder {
public:
    explicit ApplicationBuilder(Program const& program, BindLimits limits = {}) : program_(program), limits_(limits) {
        parameters_.resize(program.root_slots);
    }

    // Supplies a `param … required` for every application built afterwards. The value is read as
    // in a rule file: "1/2", "50%", "200,000円". Returns an error when the name or value is wrong.
    std::optional<InputError> set_parameter(std::string_view name, std::string_view value) {
        std::string path = "param " + std::string(name);
        for (auto const& g : program_.globals) {
            if (g.name != name || !g.supplied) continue;
            // A literal, or a ratio of two: "1/2", "2/3", "50%", "200,000円".
            std::u32string const text = decode_utf8(value).text;
            std::size_t const slash = text.find(U'/');
            auto parsed = parse_signed_literal(std::u32string_view(text).substr(0, slash));
            std::optional<Number> divisor;
            if (slash != std::u32string::npos && std::holds_alternative<LiteralValue>(parsed)) {
                auto below = parse_literal(std::u32string_view(text).substr(slash + 1));
                if (auto const* e = std::get_if<LiteralError>(&below)) parsed = *e;
                else if (std::get<LiteralValue>(below).value.is_zero()) parsed = LiteralError{"division-by-zero", {}, 0, 0};
                else divisor = std::get<LiteralValue>(below).value;
            }
            if (auto const* e = std::get_if<LiteralError>(&parsed))
                return InputError{path, "input-malformed-number", {detail::quote(value), format_message(e->code, Language::en, e->args)}};
            auto const& literal = std::get<LiteralValue>(parsed);
            Number number = divisor ? literal.value / *divisor : literal.value;
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
        for (std::size_t i = program_.root_slots - parameter_count(); i < program_.root_slots; ++i)
            if (parameters_[i].known()) app.slots[i] = parameters_[i];
        errors_.clear();
        dropped_errors_ = 0;
        frames_.clear();
        pending_.clear();
        seen_.clear();
        path_ = "$";
        started_ = false;
        pending_key_ = -1;
        skip_depth_ = 0;
    }

    // Events. Each returns true (binding goes on after an error, to report every error at once).
    bool begin_object() {
        if (skip_depth_ > 0 || too_deep()) return skip_nested();
        if (!started_) {
            started_ = true;
            frames_.push_back({Frame::record, 0, 0, path_.size(), 0, 0, 0});
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
        frames_.push_back({Frame::record, layout, static_cast<std::uint32_t>(app_->slots.size() - fields), path_.size(), 0, 0, 0});
        open_seen(fields);
        return true;
    }

    bool end_object() {
        if (skip_depth_ > 0) return --skip_depth_, true;
        Frame const frame = frames_.back();
        auto const& layout = program_.layouts[static_cast<std::size_t>(frame.layout)];
        for (std::size_t f = 0; f < layout.fields.size(); ++f)
            if (layout.fields[f].required && !seen_[frame.seen + f]) {
                path_.resize(frame.path_length);
                append_key(layout.fields[f].name);
                error("input-required", {detail::quote(layout.fields[f].name)});
            }
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
        path_ += "[0]";
        return true;
    }

    bool end_array() {
        if (skip_depth_ > 0) return --skip_depth_, true;
        Frame const frame = frames_.back();
        auto const first = static_cast<std::uint32_t>(app_->items.size());
        auto const count = static_cast<std::uint32_t>(pending_.size() - frame.pending);
        for (std::size_t i = frame.pending; i < pending_.size(); ++i) {
            auto const item = static_cast<std::int64_t>(app_->items.size());
            Value v = pending_[i].value;
            if (pending_[i].region >= 0) app_->records[static_cast<std::size_t>(pending_[i].region)].parent = item;
            if (!v.known()) {
                v.word = item;
                v.flags = Value::from_item;
            }
            app_->items.push_back(v);
        }
        pending_.resize(frame.pending);
        app_->lists.push_back({first, count, frame.first_slot});
        app_->slots[frame.first_slot] = Value::of_word(first, count);
        frames_.pop_back();
        list_field_.pop_back();
        path_.resize(frame.path_length);
        after_value();
        return true;
    }

    bool key(std::string_view name) {
        if (skip_depth_ > 0) return true;
        Frame& frame = frames_.back();
        path_.resize(frame.path_length);
        append_key(name);
        auto const& layout = program_.layouts[static_cast<std::size_t>(frame.layout)];
        pending_key_ = -1;
        for (std::size_t f = 0; f < layout.fields.size(); ++f)
            if (layout.fields[f].name == name) {
                if (seen_[frame.seen + f]) {
                    error("input-duplicate-field", {detail::quote(name)});
                    pending_key_ = -2;  // Reported: its value is skipped.
                } else {
                    seen_[frame.seen + f] = true;
                    pending_key_ = static_cast<std::int64_t>(f);
                }
                return true;
            }
        std::vector<std::u32string> names;
        for (auto const& f : layout.fields) names.push_back(decode_utf8(f.name).text);
        std::vector<std::u32string_view> views(names.begin(), names.end());
        auto best = kisoku::detail::closest_match(decode_utf8(name).text, views);
        std::string owner = frame.layout == 0 ? "@application" : detail::quote(layout.name);
        if (best.empty())
            error("input-unknown-field", {detail::quote(name), owner});
        else
            error("input-unknown-field-suggest", {detail::quote(name), owner, detail::quote(encode_utf8(best))});
        pending_key_ = -2;
        return true;
    }

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
                store(t, Value::boolean(b));
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
        auto n = detail::exact_json_number(text, limits_.max_number_digits);
        if (!n) {
            if (!started_) return root_not_object("@json-number");
            if (target().field) error("input-number-too-large", {std::string(text), std::to_string(limits_.max_number_digits)});
            after_value();
            return true;
        }
        bool const has_fraction_text = text.find_first_of(".eE") != std::string_view::npos;
        return number_value(*n, has_fraction_text ? &text : nullptr);
    }

    // A native exact number (from C++ or Python), for a number or yen field.
    bool number(Number const& n) { return number_value(n, nullptr); }

    bool string(std::string_view text) {
        if (skip_depth_ > 0) return true;
        if (!started_) return root_not_object("@json-string");
        Target t = target();
        if (t.field) string_value(t, text);
        after_value();
        return true;
    }

    // A native date (from C++ or Python), for a date field.
    bool date(Date d) {
        if (skip_depth_ > 0) return true;
        Target t = target();
        if (t.field) {
            if (element_kind(t) == Kind::date)
                store(t, Value::of_word(d.days_since_epoch()));
            else
                mismatch(*t.field, t.in_list, "@date");
        }
        after_value();
        return true;
    }

    // Reports a syntax error of the JSON text.
    void syntax_error(std::string const& what) { error_at("$", "input-not-json", {what}); }

    // Ends the application: the required fields of the input, the supplied parameters. Returns
    // every error found.
    std::vector<InputError> finish() {
        if (!started_ && errors_.empty()) error_at("$", "input-type", {"@json-object", "@end"});
        for (auto const& g : program_.globals)
            if (g.supplied && !app_->slots[g.slot].known())
                error_at("param " + g.name, "input-parameter-missing", {detail::quote(g.name), g.explanation});
        if (dropped_errors_ > 0 && !errors_.empty())
            errors_.back().args.push_back("(+" + std::to_string(dropped_errors_) + ")");
        return std::move(errors_);
    }

    std::vector<InputError> const& errors() const { return errors_; }

private:
    struct Frame {
        enum Kind { record, list } kind;
        std::int32_t layout;         // record: its layout; list: the element's layout or enum
        std::uint32_t first_slot;    // record: its first slot; list: the slot holding the list
        std::size_t path_length;     // The length of path_ at the value itself.
        std::uint32_t items = 0;     // list: items so far
        std::uint32_t pending = 0;   // list: where its items start in pending_
        std::uint32_t seen = 0;      // record: where its fields' seen flags start in seen_
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

    std::size_t parameter_count() const {
        std::size_t n = 0;
        for (auto const& g : program_.globals) n += g.supplied ? 1 : 0;
        return n;
    }

    Target target() {
        Target t;
        if (frames_.empty()) return t;
        Frame& frame = frames_.back();
        if (frame.kind == Frame::list) {
            if (frame.items >= limits_.max_list_items) {
                if (frame.items == limits_.max_list_items) error("input-list-too-long", {std::to_string(limits_.max_list_items)});
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

    static Kind element_kind(Target const& t) { return t.in_list ? t.field->element : t.field->kind; }

    // After a value: the next item of a list gets the next index in the path.
    void after_value() {
        if (frames_.empty()) return;
        Frame& frame = frames_.back();
        if (frame.kind == Frame::list) {
            ++frame.items;
            path_.resize(frame.path_length);
            path_ += "[" + std::to_string(frame.items) + "]";
        } else {
            pending_key_ = -1;
        }
    }

    void store(Target const& t, Value v) {
        if (t.in_list)
            pending_.push_back({std::move(v), -1});
        else
            app_->slots[t.slot] = std::move(v);
    }

    bool number_value(Number const& n, std::string_view const* written) {
        if (skip_depth_ > 0) return true;
        if (!started_) return root_not_object("@json-number");
        Target t = target();
        if (t.field) {
            Kind kind = element_kind(t);
            std::string shown = written ? std::string(*written) : n.to_string();
            if (kind == Kind::yen) {
                if (!n.is_integer())
                    error("input-yen-fraction", {shown});
                else
                    store(t, Value::of_number(n));
            } else if (kind == Kind::number) {
                if (t.field->whole && !n.is_integer())
                    error("input-not-whole", {shown, detail::quote(t.field->name)});
                else
                    store(t, Value::of_number(n));
            } else {
                mismatch(*t.field, t.in_list, "@json-number");
            }
        }
        after_value();
        return true;
    }

    void string_value(Target const& t, std::string_view text) {
        Kind kind = element_kind(t);
        std::string shown = "\"" + std::string(text) + "\"";
        switch (kind) {
            case Kind::text: {
                Value v = Value::of_word(static_cast<std::int64_t>(app_->add_text(text)));
                store(t, std::move(v));
                return;
            }
            case Kind::yen:
            case Kind::number: {
                auto decoded = decode_utf8(text);
                auto parsed = parse_signed_literal(decoded.text);
                if (auto const* e = std::get_if<LiteralError>(&parsed)) {
                    error(kind == Kind::yen ? "input-malformed-amount" : "input-malformed-number",
                          {shown, format_message(e->code, Language::en, e->args)});
                    return;
                }
                auto const& literal = std::get<LiteralValue>(parsed);
                if (kind == Kind::yen && (text.find('%') != std::string_view::npos || text.find("％") != std::string_view::npos)) {
                    error("input-percent-for-yen", {shown});
                } else if (kind == Kind::yen && !literal.value.is_integer()) {
                    error("input-yen-fraction", {shown});
                } else if (kind == Kind::number && literal.is_yen) {
                    mismatch(*t.field, t.in_list, "@yen");
                } else if (kind == Kind::number && t.field->whole && !literal.value.is_integer()) {
                    error("input-not-whole", {shown, detail::quote(t.field->name)});
                } else {
                    store(t, Value::of_number(literal.value));
                }
                return;
            }
            case Kind::date: {
                auto d = parse_date(decode_utf8(text).text);
                if (!d)
                    error("input-malformed-date", {shown});
                else
                    store(t, Value::of_word(d->days_since_epoch()));
                return;
            }
            case Kind::period: {
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
                    error("input-malformed-period", {shown});
                else
                    store(t, Value::of_word(from->days_since_epoch(), to->days_since_epoch()));
                return;
            }
            case Kind::enumeration: {
                auto const& e = program_.enums[static_cast<std::size_t>(t.field->id)];
                for (std::size_t v = 0; v < e.values.size(); ++v)
                    if (e.values[v] == text) {
                        store(t, Value::of_word(static_cast<std::int64_t>(v)));
                        return;
                    }
                std::string values;
                for (auto const& v : e.values) values += (values.empty() ? "" : ", ") + v;
                error("input-unknown-enum-value", {shown, detail::quote(e.name), values});
                return;
            }
            case Kind::boolean: mismatch(*t.field, t.in_list, "@json-string"); return;
            default: mismatch(*t.field, t.in_list, "@json-string"); return;
        }
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

    void mismatch(FieldLayout const& f, bool item, std::string const& found) { error("input-type", {expected(f, item), found}); }

    bool root_not_object(std::string const& found) {
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
        seen_.resize(seen_.size() + fields, false);
    }

    void append_key(std::string_view name) {
        bool plain = !name.empty();
        for (char c : name)
            if (c == '.' || c == '[' || c == ']' || c == '"' || c == ' ' || c == '\'' || c == '$') plain = false;
        if (plain) {
            path_ += '.';
            path_ += name;
        } else {
            path_ += "[\"";
            for (char c : name) {
                if (c == '"' || c == '\\') path_ += '\\';
                path_ += c;
            }
            path_ += "\"]";
        }
    }

    void error(std::string code, std::vector<std::string> args) { error_at(path_, std::move(code), std::move(args)); }
    void error_at(std::string path, std::string code, std::vector<std::string> args) {
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
    std::vector<Pending> pending_;
    std::vector<bool> seen_;
    std::string path_;
    bool started_ = false;
    bool depth_reported_ = false;
    std::int64_t pending_key_ = -1;  // The field of the key just read; -1 none, -2 skipped.
    std::size_t skip_depth_ = 0;
};

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
    builder.begin(app);
    if (json_text.size() > limits.max_bytes) {
        builder.syntax_error("");
        auto errors = builder.finish();
        errors.assign(1, InputError{"$", "input-too-large", {std::to_string(limits.max_bytes)}});
        return errors;
    }
    detail::JsonEvents events(builder);
    nlohmann::json::sax_parse(json_text.begin(), json_text.end(), &events, nlohmann::json::input_format_t::json, true, false);
    return builder.finish();
}

// Binds an nlohmann::json value (already parsed) into `app`.
inline std::vector<InputError> bind_json(ApplicationBuilder& builder, nlohmann::json const& json, Application& app) {
    builder.begin(app);
    detail::walk(builder, json);
    return builder.finish();
}

}  // namespace kisoku::eval
