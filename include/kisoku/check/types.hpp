// kisoku/check/types.hpp — the types of the rule language, and the symbols a program declares.
#pragma once

#include "kisoku/number.hpp"
#include "kisoku/source.hpp"

#include <optional>

#include <string>
#include <vector>

namespace kisoku::check {

// What kind of value an expression has. `error` is the type of an expression already reported as
// wrong: it is accepted everywhere, so that one mistake gives one message.
enum class Kind { error, boolean, number, yen, date, text, period, enumeration, record, list, table };

// A type. Numbers and amounts also carry whether they are whole (an integer, or whole yen): the
// checker uses it to make sure a fraction of a yen never becomes a yen result without a rounding.
struct Type {
    Kind kind = Kind::error;
    // enumeration, record: the index of its declaration; list: the element's (record or enum) index;
    // table: the index of the key enumeration.
    int id = -1;
    // list: the element's kind (record or enumeration); table: the kind of the values.
    Kind element = Kind::error;
    // number: integer-valued; yen: whole yen (for a table, of its values).
    bool whole = true;
    // Where a fraction may have been introduced (a division, a multiplication by a rate).
    SourceSpan fraction_at{};
    // number, yen: the value, when the expression is a constant (literals and parameters given by
    // value, and arithmetic on them). Folding constants tells that 1/1 is whole and 1/0 is wrong.
    std::optional<Number> constant;

    static Type of(Kind k, bool whole = true) {
        Type t;
        t.kind = k;
        t.whole = whole;
        return t;
    }
    bool is_error() const { return kind == Kind::error; }
    bool is_arithmetic() const { return kind == Kind::number || kind == Kind::yen; }
    // Same kind and, for enums and records, the same declaration.
    bool same_as(Type const& other) const {
        if (kind != other.kind) return false;
        if (kind == Kind::enumeration || kind == Kind::record) return id == other.id;
        if (kind == Kind::list) return element == other.element && id == other.id;
        return true;
    }
};

// An enumeration, or an expense category (an enumeration whose values are eligible or not).
struct EnumInfo {
    std::u32string name;
    SourceSpan span;
    bool is_category = false;
    std::vector<std::u32string> values;
    std::vector<SourceSpan> value_spans;
    std::vector<bool> eligible;  // Categories only: one entry per value.
    bool used = false;
};

struct FieldInfo {
    std::u32string name;
    SourceSpan span;
    Type type;
    bool required = false;
    std::u32string label;  // What decisions call the field when they ask for it; may be empty.
};

struct RecordInfo {
    std::u32string name;
    SourceSpan span;
    std::vector<FieldInfo> fields;
    bool used = false;

    FieldInfo const* find(std::u32string_view field) const {
        for (auto const& f : fields)
            if (f.name == field) return &f;
        return nullptr;
    }
};

// A name visible in every expression: an input field, a parameter, a value or an amount.
struct GlobalInfo {
    enum class Role { input_field, param, value, amount };
    Role role = Role::value;
    std::u32string name;
    SourceSpan span;
    Type type;
    std::size_t declaration = 0;  // Index in the rule file (values, amounts and params).
    bool used = false;
    std::vector<std::size_t> depends_on;  // Indices of globals its definition refers to.
    bool required = false;                // Input fields: the application must give it.
    std::u32string label;                 // Input fields: the field's label, if any.
};

}  // namespace kisoku::check
