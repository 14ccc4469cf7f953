// kisoku/testing.hpp — test cases as data: run a program's example applications and compare what
// the rules decide with what the case expects (what `kisoku test` does).
//
//   kisoku::testing::Runner runner;
//   kisoku::testing::FileResult r = runner.run_file("rules/ktq/dxlab/2025.tests.yaml");
//   for (auto const& c : r.cases) if (!c.passed) std::cout << kisoku::testing::format_case(c);
//
// A test file is YAML, named NAME.tests.yaml beside the rule file NAME.kisoku (or beside the
// directory NAME/ of a program's yearly files). It is a list of cases, or a mapping with `cases`
// and defaults for them:
//
//   rules: 2025.kisoku              # optional: the rule file or directory, relative to this file
//   fiscal_year: 2025               # optional: the fiscal year (default: by the reference date)
//   params: {補助率: 1/2}            # optional: the `param … required` values
//   base: ../../examples/a.json     # optional: the application each case starts from (or a mapping)
//   cases:
//     - name: 法人が2者では②を満たさない
//       set: {"構成員[2].法人": false} # changes to the base application: JSON paths and values
//       remove: [寄付金収入]           # fields (or list items) taken out of it
//       expected:
//         verdict: ineligible
//         failing: [②]
//
// A case gives its application whole (`application`: a mapping, or the path of a JSON file) or as
// changes to the base; it may set its own `fiscal_year` and `params` (a parameter given as null is
// not supplied). `expected` states only what the case is about; each key is optional: verdict
// (eligible, ineligible, undetermined, or error for input errors), fiscal_year, amounts (name:
// exact value such as "300000", or null for unknown), conditions (condition: pass | fail | unknown
// | not_applicable), failing, missing, documents, checks (the raised ones) and errors (input
// errors, by code or path). A list is the exact set expected; a mapping {include: […], exclude:
// […]} states only some members. Conditions are named by their marker (②) or label, documents and
// checks by their label, which may be shortened to its beginning (a name matching several labels
// stands for all of them); a document named with a final '?' is one needed only if it applies.
//
// YAML values become JSON as written: a plain 120000 is a number (read exactly, 0.5 too), true and
// false are booleans, null (or ~) is null, anything else — dates, enum values, "15,000円" — is text.
// docs/programs.md describes the format with examples.
#pragma once

#include "kisoku/detail/spelling.hpp"
#include "kisoku/literal.hpp"
#include "kisoku/rules.hpp"
#include "kisoku/source.hpp"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <tuple>
#include <string>
#include <string_view>
#include <vector>

namespace kisoku::testing {

namespace detail {
// A message in the language of the report: the English and the Japanese wording.
inline std::string say(Language lang, std::string en, std::string ja) { return lang == Language::ja ? std::move(ja) : std::move(en); }
}  // namespace detail

// A place in a test file (line and column from 1; 0 when unknown).
struct Location {
    std::string file;
    std::size_t line = 0, column = 0;

    std::string to_string() const {
        std::string out = file;
        if (line > 0) out += ":" + std::to_string(line);
        if (column > 0) out += ":" + std::to_string(column);
        return out;
    }
};

// A test file that could not be run, or a part of it that is wrong, with its place.
struct Problem {
    Location where;
    std::string message;
};

// One expectation that did not hold: what (verdict, amounts.助成額, failing …), and both sides.
struct Mismatch {
    std::string what;
    std::string expected;
    std::string actual;
    std::vector<std::string> details;  // For sets: the members missing and unexpected.
};

struct CaseResult {
    std::string name;
    Location where;
    bool passed = false;
    std::vector<Mismatch> mismatches;
    std::optional<std::string> error;  // The case could not be run (a parameter was refused, …).
    EvaluationResult result;           // What the rules gave: a decision, or input errors.
};

struct FileResult {
    std::string file;   // The test file, as given.
    std::string rules;  // The rule file or directory its cases ran against.
    std::vector<CaseResult> cases;
    std::vector<Problem> problems;  // The file could not be read, or is malformed: nothing ran.
    std::string rule_diagnostics;   // When the rules did not load: their diagnostics, rendered.

    std::size_t passed() const {
        return static_cast<std::size_t>(std::count_if(cases.begin(), cases.end(), [](CaseResult const& c) { return c.passed; }));
    }
    // A file that could not be run counts as one failure.
    std::size_t failed() const { return cases.size() - passed() + (problems.empty() ? 0 : 1); }
    bool ok() const { return problems.empty() && passed() == cases.size(); }
};

// ---------------------------------------------------------------------------------------------
// Data: a YAML or JSON value, with the place it was written, as JSON will carry it.

struct DataField;

struct Data {
    enum class Kind { null, boolean, number, text, list, map } kind = Kind::null;
    std::string scalar;  // number: as written ("120000", "0.5"); text: the text; boolean: "true" / "false"
    std::vector<Data> items;
    // A map's fields in the order written. Not a std::pair: a pair of a type still being defined
    // is refused by some standard libraries (libstdc++ with Clang), a class declared ahead is not.
    std::vector<DataField> fields;
    std::vector<Location> key_where;  // Of each field's key.
    Location where;

    // The value of the field `key`, or null when the map has none.
    Data const* find(std::string_view key) const;
    bool is_scalar() const { return kind != Kind::list && kind != Kind::map; }
};

// A field of a map: its key (`first`) and its value (`second`), named as a map's entries are.
struct DataField {
    std::string first;
    Data second;

    DataField(std::string key, Data value) : first(std::move(key)), second(std::move(value)) {}
};

inline Data const* Data::find(std::string_view key) const {
    for (auto const& [k, v] : fields)
        if (k == key) return &v;
    return nullptr;
}

namespace detail {

inline bool is_json_number(std::string_view s) {
    std::size_t i = 0;
    if (i < s.size() && s[i] == '-') ++i;
    if (i >= s.size()) return false;
    if (s[i] == '0') ++i;
    else if (s[i] >= '1' && s[i] <= '9')
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    else
        return false;
    if (i < s.size() && s[i] == '.') {
        ++i;
        std::size_t const start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == start) return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        std::size_t const start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == start) return false;
    }
    return i == s.size();
}

inline Location at(std::string const& file, YAML::Mark const& m) {
    if (m.is_null()) return {file, 0, 0};
    return {file, static_cast<std::size_t>(m.line) + 1, static_cast<std::size_t>(m.column) + 1};
}

// A YAML node as Data. Plain scalars follow YAML 1.2's core schema (null, booleans, numbers as
// JSON writes them); quoted scalars are text. Duplicate keys are reported.
inline Data from_yaml(YAML::Node const& node, std::string const& file, std::vector<Problem>& problems, Language lang = Language::en) {
    Data d;
    d.where = at(file, node.Mark());
    switch (node.Type()) {
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined: d.kind = Data::Kind::null; break;
        case YAML::NodeType::Scalar: {
            std::string const& s = node.Scalar();
            std::string const& tag = node.Tag();
            bool const plain = tag == "?" || tag.empty();
            if (!plain) {
                d.kind = Data::Kind::text;
                d.scalar = s;
            } else if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") {
                d.kind = Data::Kind::null;
            } else if (s == "true" || s == "True" || s == "TRUE" || s == "false" || s == "False" || s == "FALSE") {
                d.kind = Data::Kind::boolean;
                d.scalar = (s[0] == 't' || s[0] == 'T') ? "true" : "false";
            } else if (is_json_number(s)) {
                d.kind = Data::Kind::number;
                d.scalar = s;
            } else {
                d.kind = Data::Kind::text;
                d.scalar = s;
            }
            break;
        }
        case YAML::NodeType::Sequence:
            d.kind = Data::Kind::list;
            for (auto const& item : node) d.items.push_back(from_yaml(item, file, problems, lang));
            break;
        case YAML::NodeType::Map:
            d.kind = Data::Kind::map;
            for (auto const& kv : node) {
                Data key = from_yaml(kv.first, file, problems, lang);
                if (!key.is_scalar() || key.kind == Data::Kind::null) {
                    problems.push_back({key.where, say(lang, "a key must be a word or a number", "キーは語か数で書いてください")});
                    continue;
                }
                if (d.find(key.scalar)) {
                    problems.push_back({key.where, say(lang, "the key '" + key.scalar + "' is given twice", "キー「" + key.scalar + "」が二度書かれています")});
                    continue;
                }
                d.fields.emplace_back(key.scalar, from_yaml(kv.second, file, problems, lang));
                d.key_where.push_back(key.where);
            }
            break;
    }
    return d;
}

// JSON text read into Data, numbers kept as written.
class JsonToData : public nlohmann::json::json_sax_t {
public:
    explicit JsonToData(std::string file) : file_(std::move(file)) {}
    Data result;

    bool null() override { return put(Data{}); }
    bool boolean(bool b) override {
        Data d;
        d.kind = Data::Kind::boolean;
        d.scalar = b ? "true" : "false";
        return put(std::move(d));
    }
    bool number_integer(number_integer_t n) override { return number(std::to_string(n)); }
    bool number_unsigned(number_unsigned_t n) override { return number(std::to_string(n)); }
    bool number_float(number_float_t, string_t const& s) override { return number(s); }
    bool string(string_t& s) override {
        Data d;
        d.kind = Data::Kind::text;
        d.scalar = s;
        return put(std::move(d));
    }
    bool binary(binary_t&) override { return put(Data{}); }
    bool start_object(std::size_t) override {
        Data d;
        d.kind = Data::Kind::map;
        d.where = {file_, 0, 0};
        stack_.push_back(std::move(d));
        keys_.emplace_back();
        return true;
    }
    bool key(string_t& k) override {
        keys_.back() = k;
        return true;
    }
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override {
        Data d;
        d.kind = Data::Kind::list;
        d.where = {file_, 0, 0};
        stack_.push_back(std::move(d));
        keys_.emplace_back();
        return true;
    }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t position, std::string const&, nlohmann::detail::exception const& e) override {
        error_position = position;
        // "[json.exception.parse_error.101] parse error at line 2, column 10: syntax error while
        // parsing value - invalid literal; last read: '…'": the place is given separately, in
        // characters, and the token read may end inside a character.
        error = e.what();
        if (auto colon = error.find(": ", error.find("column ")); colon != std::string::npos) error.erase(0, colon + 2);
        if (auto last = error.find("; last read"); last != std::string::npos) error.erase(last);
        return false;
    }
    std::string error;
    std::size_t error_position = 0;

private:
    bool number(std::string s) {
        Data d;
        d.kind = Data::Kind::number;
        d.scalar = std::move(s);
        return put(std::move(d));
    }
    bool put(Data d) {
        if (d.where.file.empty()) d.where = {file_, 0, 0};
        if (stack_.empty()) {
            result = std::move(d);
            return true;
        }
        Data& top = stack_.back();
        if (top.kind == Data::Kind::list) top.items.push_back(std::move(d));
        else top.fields.emplace_back(keys_.back(), std::move(d));
        return true;
    }
    bool close() {
        Data d = std::move(stack_.back());
        stack_.pop_back();
        keys_.pop_back();
        return put(std::move(d));
    }
    std::string file_;
    std::vector<Data> stack_;
    std::vector<std::string> keys_;
};

inline void write_json(std::string& out, Data const& d) {
    switch (d.kind) {
        case Data::Kind::null: out += "null"; break;
        case Data::Kind::boolean:
        case Data::Kind::number: out += d.scalar; break;
        case Data::Kind::text: out += nlohmann::json(d.scalar).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); break;
        case Data::Kind::list: {
            out += '[';
            for (std::size_t i = 0; i < d.items.size(); ++i) {
                if (i) out += ',';
                write_json(out, d.items[i]);
            }
            out += ']';
            break;
        }
        case Data::Kind::map: {
            out += '{';
            for (std::size_t i = 0; i < d.fields.size(); ++i) {
                if (i) out += ',';
                out += nlohmann::json(d.fields[i].first).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
                out += ':';
                write_json(out, d.fields[i].second);
            }
            out += '}';
            break;
        }
    }
}

inline std::optional<std::string> read_text(std::filesystem::path const& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// A path into an application: 構成員[2].法人, $.経費[0].金額.
struct PathStep {
    bool is_index = false;
    std::string key;
    std::size_t index = 0;
};

inline std::optional<std::vector<PathStep>> parse_path(std::string_view text) {
    std::vector<PathStep> steps;
    if (text.starts_with("$")) {
        text.remove_prefix(1);
        if (text.starts_with(".")) text.remove_prefix(1);
    }
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '[') {
            std::size_t const close = text.find(']', i);
            if (close == std::string_view::npos || close == i + 1) return std::nullopt;
            std::size_t n = 0;
            for (std::size_t k = i + 1; k < close; ++k) {
                if (text[k] < '0' || text[k] > '9') return std::nullopt;
                n = n * 10 + static_cast<std::size_t>(text[k] - '0');
                if (n > 1'000'000) return std::nullopt;
            }
            steps.push_back({true, {}, n});
            i = close + 1;
            if (i < text.size() && text[i] == '.') {
                ++i;
                if (i == text.size()) return std::nullopt;
            }
            continue;
        }
        std::size_t end = text.find_first_of(".[", i);
        if (end == std::string_view::npos) end = text.size();
        if (end == i) return std::nullopt;
        steps.push_back({false, std::string(text.substr(i, end - i)), 0});
        i = end;
        if (i < text.size() && text[i] == '.') {
            ++i;
            if (i == text.size()) return std::nullopt;
        }
    }
    if (steps.empty()) return std::nullopt;
    return steps;
}

// Sets the value at `path` in `root`, creating mappings on the way; an index one past the end of
// a list appends. Returns an error message, or nothing.
inline std::optional<std::string> set_at(Data& root, std::vector<PathStep> const& path, Data value, Language lang = Language::en) {
    Data* node = &root;
    for (std::size_t s = 0; s < path.size(); ++s) {
        PathStep const& step = path[s];
        bool const last = s + 1 == path.size();
        if (step.is_index) {
            if (node->kind != Data::Kind::list)
                return say(lang, "[" + std::to_string(step.index) + "] needs a list here", "[" + std::to_string(step.index) + "] はリストにしか使えません");
            if (step.index > node->items.size())
                return say(lang,
                           "index " + std::to_string(step.index) + " is past the end of a list of " + std::to_string(node->items.size()) +
                               (node->items.size() == 1 ? " item" : " items"),
                           "番号 " + std::to_string(step.index) + " は " + std::to_string(node->items.size()) + " 件のリストの末尾より先です");
            if (step.index == node->items.size()) {
                Data fresh;
                fresh.kind = path[s + 1 < path.size() ? s + 1 : s].is_index ? Data::Kind::list : Data::Kind::map;
                node->items.push_back(last ? std::move(value) : fresh);
                if (last) return std::nullopt;
            } else if (last) {
                node->items[step.index] = std::move(value);
                return std::nullopt;
            }
            node = &node->items[step.index];
        } else {
            if (node->kind == Data::Kind::null) node->kind = Data::Kind::map;
            if (node->kind != Data::Kind::map) return say(lang, "'" + step.key + "' needs a mapping here", "「" + step.key + "」はマッピングにしか使えません");
            Data* child = nullptr;
            for (auto& [k, v] : node->fields)
                if (k == step.key) child = &v;
            if (last) {
                if (child) *child = std::move(value);
                else node->fields.emplace_back(step.key, std::move(value));
                return std::nullopt;
            }
            if (!child) {
                Data fresh;
                fresh.kind = path[s + 1].is_index ? Data::Kind::list : Data::Kind::map;
                node->fields.emplace_back(step.key, std::move(fresh));
                child = &node->fields.back().second;
            }
            node = child;
        }
    }
    return std::nullopt;
}

inline std::optional<std::string> remove_at(Data& root, std::vector<PathStep> const& path, Language lang = Language::en) {
    Data* node = &root;
    for (std::size_t s = 0; s < path.size(); ++s) {
        PathStep const& step = path[s];
        bool const last = s + 1 == path.size();
        if (step.is_index) {
            if (node->kind != Data::Kind::list || step.index >= node->items.size())
                return say(lang, "there is no item [" + std::to_string(step.index) + "] to remove", "取り除く項目 [" + std::to_string(step.index) + "] がありません");
            if (last) {
                node->items.erase(node->items.begin() + static_cast<std::ptrdiff_t>(step.index));
                return std::nullopt;
            }
            node = &node->items[step.index];
        } else {
            if (node->kind != Data::Kind::map) return say(lang, "there is no field '" + step.key + "' to remove", "取り除く項目「" + step.key + "」がありません");
            auto it = std::find_if(node->fields.begin(), node->fields.end(), [&](auto const& kv) { return kv.first == step.key; });
            if (it == node->fields.end()) return say(lang, "there is no field '" + step.key + "' to remove", "取り除く項目「" + step.key + "」がありません");
            if (last) {
                auto const i = static_cast<std::size_t>(it - node->fields.begin());
                if (i < node->key_where.size()) node->key_where.erase(node->key_where.begin() + static_cast<std::ptrdiff_t>(i));
                node->fields.erase(it);
                return std::nullopt;
            }
            node = &it->second;
        }
    }
    return std::nullopt;
}

inline std::string join(std::vector<std::string> const& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
    return out + "]";
}

inline std::string suggest(std::string const& word, std::vector<std::string_view> const& words, Language lang = Language::en) {
    std::u32string const w = decode_utf8(word).text;
    std::vector<std::u32string> decoded;
    for (auto const& c : words) decoded.push_back(decode_utf8(c).text);
    std::vector<std::u32string_view> views(decoded.begin(), decoded.end());
    auto best = kisoku::detail::closest_match(w, views);
    if (best.empty()) return {};
    return say(lang, " (did you mean '" + encode_utf8(best) + "'?)", "（「" + encode_utf8(best) + "」の誤りではありませんか）");
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// A test file, read.

// An expected set: exact (a list), or some members in and some out (include / exclude).
struct ExpectedSet {
    bool exact = true;
    std::vector<std::string> include, exclude;
};

struct Expected {
    std::optional<std::string> verdict;                                   // eligible, ineligible, undetermined, error
    int fiscal_year = 0;                                                  // Of the rules that decided (0: not stated)
    std::vector<std::pair<std::string, std::optional<std::string>>> amounts;  // name → exact value (nullopt: unknown)
    std::vector<std::pair<std::string, std::string>> conditions;          // marker or label → outcome
    std::optional<ExpectedSet> failing, missing, documents, checks, errors;
};

struct TestCase {
    std::string name;
    Location where;
    int fiscal_year = 0;
    std::vector<std::pair<std::string, std::string>> params;
    Data application;
    Expected expected;
};

struct TestFile {
    std::filesystem::path rules;  // The rule file or directory.
    std::vector<TestCase> cases;
};

// The rule file or directory a test file goes with: NAME.kisoku, or the directory NAME/.
inline std::optional<std::filesystem::path> rules_beside(std::filesystem::path const& test_file) {
    std::string name = test_file.filename().string();
    std::string const suffix = ".tests.yaml";
    if (name.size() <= suffix.size() || !name.ends_with(suffix)) return std::nullopt;
    std::string const stem = name.substr(0, name.size() - suffix.size());
    std::error_code ec;
    auto file = test_file.parent_path() / (stem + ".kisoku");
    if (std::filesystem::is_regular_file(file, ec)) return file;
    auto dir = test_file.parent_path() / stem;
    if (std::filesystem::is_directory(dir, ec)) return dir;
    return std::nullopt;
}

namespace detail {

class FileReader {
public:
    FileReader(std::string file, std::filesystem::path dir, std::vector<Problem>& problems, Language lang = Language::en)
        : file_(std::move(file)), dir_(std::move(dir)), problems_(problems), lang_(lang) {}

    std::optional<TestFile> read(Data const& root, std::optional<std::filesystem::path> beside) {
        TestFile out;
        Data const* cases = &root;
        Data defaults_params;
        int fiscal_year = 0;
        std::optional<Data> base;
        if (root.kind == Data::Kind::map) {
            check_keys(root, {"rules", "fiscal_year", "params", "base", "cases"}, say(lang_, "a test file", "テストファイル"));
            cases = root.find("cases");
            if (!cases) {
                problem(root.where, say(lang_, "a test file needs 'cases': a list of cases", "テストファイルには cases（事例のリスト）が要ります"));
                return std::nullopt;
            }
            if (auto const* r = root.find("rules")) {
                if (r->kind != Data::Kind::text)
                    problem(r->where, say(lang_, "'rules' is the path of a rule file or directory", "rules には規則ファイルかそのディレクトリのパスを書きます"));
                else beside = dir_ / r->scalar;
            }
            if (auto const* y = root.find("fiscal_year")) fiscal_year = read_year(*y);
            if (auto const* p = root.find("params")) defaults_params = *p;
            if (auto const* b = root.find("base")) base = application(*b);
        } else if (root.kind == Data::Kind::null) {
            problem(root.where, say(lang_, "the test file is empty: it needs a list of cases", "テストファイルが空です。事例のリストを書いてください"));
            return std::nullopt;
        }
        if (cases->kind != Data::Kind::list) {
            problem(cases->where, say(lang_, "expected a list of cases, each a mapping with 'name' and 'expected'",
                                      "事例のリストを書いてください。各事例は name と expected を持つマッピングです"));
            return std::nullopt;
        }
        if (!beside) {
            problem({file_, 1, 1}, say(lang_,
                                       "no rule file for this test file: put it beside NAME.kisoku (or the directory NAME/) as "
                                       "NAME.tests.yaml, or name the rules with 'rules:'",
                                       "このテストファイルに対応する規則ファイルがありません。NAME.kisoku（またはディレクトリ NAME/）の横に "
                                       "NAME.tests.yaml として置くか、rules: で規則を指定してください"));
            return std::nullopt;
        }
        out.rules = *beside;
        std::vector<std::string> names;
        for (auto const& c : cases->items) {
            auto tc = read_case(c, fiscal_year, defaults_params, base);
            if (!tc) continue;
            if (std::find(names.begin(), names.end(), tc->name) != names.end())
                problem(c.where, say(lang_, "two cases are named '" + tc->name + "'", "事例名「" + tc->name + "」が二つあります"));
            names.push_back(tc->name);
            out.cases.push_back(std::move(*tc));
        }
        return out;
    }

private:
    void problem(Location where, std::string message) {
        if (where.file.empty()) where.file = file_;
        problems_.push_back({std::move(where), std::move(message)});
    }

    void check_keys(Data const& map, std::vector<std::string_view> const& allowed, std::string const& what) {
        for (std::size_t i = 0; i < map.fields.size(); ++i) {
            auto const& k = map.fields[i].first;
            if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
                problem(i < map.key_where.size() ? map.key_where[i] : map.fields[i].second.where,
                        say(lang_, "unknown key '" + k + "' in " + what, what + "に知らないキー「" + k + "」があります") + suggest(k, allowed, lang_));
        }
    }

    int read_year(Data const& d) {
        if (d.kind == Data::Kind::number && d.scalar.size() == 4 && d.scalar.find_first_not_of("0123456789") == std::string::npos)
            return std::stoi(d.scalar);
        problem(d.where, say(lang_, "'fiscal_year' is a year such as 2025", "fiscal_year は 2025 のような年です"));
        return 0;
    }

    // An application: a mapping, or the path of a JSON file (relative to the test file).
    std::optional<Data> application(Data const& d) {
        if (d.kind == Data::Kind::map) return d;
        if (d.kind != Data::Kind::text) {
            problem(d.where, say(lang_, "an application is a mapping of its fields, or the path of a JSON file",
                                 "申請は項目のマッピングか、JSON ファイルのパスで書きます"));
            return std::nullopt;
        }
        auto path = dir_ / d.scalar;
        auto text = read_text(path);
        if (!text) {
            problem(d.where, say(lang_, "cannot read the application file " + path.lexically_normal().string(),
                                 "申請ファイル " + path.lexically_normal().string() + " を読めません"));
            return std::nullopt;
        }
        JsonToData sax(path.lexically_normal().string());
        bool const ok = nlohmann::json::sax_parse(*text, &sax);
        if (!ok) {
            // The place of the JSON error, as line and column of that file.
            std::size_t line = 1, column = 1;
            for (std::size_t i = 0; i + 1 < sax.error_position && i < text->size(); ++i) {
                if ((*text)[i] == '\n') {
                    ++line;
                    column = 1;
                } else if ((static_cast<unsigned char>((*text)[i]) & 0xC0) != 0x80) {
                    ++column;
                }
            }
            problem({path.lexically_normal().string(), line, column},
                    say(lang_, "the application is not valid JSON: ", "申請が正しい JSON ではありません: ") + sax.error);
            return std::nullopt;
        }
        if (sax.result.kind != Data::Kind::map) {
            problem(d.where, say(lang_, "the application in " + path.lexically_normal().string() + " is not a JSON object",
                                 path.lexically_normal().string() + " の申請が JSON のオブジェクトではありません"));
            return std::nullopt;
        }
        return sax.result;
    }

    // Parameters by name; a value of null takes a parameter of the file's defaults away.
    std::optional<std::vector<std::pair<std::string, std::optional<std::string>>>> params(Data const& d) {
        std::vector<std::pair<std::string, std::optional<std::string>>> out;
        if (d.kind == Data::Kind::null) return out;
        if (d.kind != Data::Kind::map) {
            problem(d.where, say(lang_, "'params' is a mapping of parameter names to values, such as {補助率: 1/2}",
                                 "params はパラメータ名と値のマッピングです（{補助率: 1/2} など）"));
            return std::nullopt;
        }
        for (auto const& [k, v] : d.fields) {
            if (!v.is_scalar()) {
                problem(v.where, say(lang_, "the parameter '" + k + "' needs a value, such as 1/2 or 200,000円 (or null: not supplied)",
                                     "パラメータ「" + k + "」には 1/2 や 200,000円 のような値が要ります（null は与えないこと）"));
                continue;
            }
            out.emplace_back(k, v.kind == Data::Kind::null ? std::optional<std::string>() : std::optional<std::string>(v.scalar));
        }
        return out;
    }

    std::optional<TestCase> read_case(Data const& c, int fiscal_year, Data const& default_params, std::optional<Data> const& base) {
        if (c.kind != Data::Kind::map) {
            problem(c.where, say(lang_, "a case is a mapping with 'name', the application and 'expected'",
                                 "事例は name、申請、expected を持つマッピングです"));
            return std::nullopt;
        }
        check_keys(c, {"name", "fiscal_year", "params", "application", "set", "remove", "expected"}, say(lang_, "a case", "事例"));
        TestCase tc;
        tc.where = c.where;
        Data const* name = c.find("name");
        if (!name || !name->is_scalar() || name->kind == Data::Kind::null) {
            problem(c.where, say(lang_, "a case needs a 'name'", "事例には name が要ります"));
            return std::nullopt;
        }
        tc.name = name->scalar;
        tc.fiscal_year = fiscal_year;
        if (auto const* y = c.find("fiscal_year")) tc.fiscal_year = read_year(*y);
        auto p = params(default_params);
        if (!p) return std::nullopt;
        if (auto const* cp = c.find("params")) {
            auto own = params(*cp);
            if (!own) return std::nullopt;
            for (auto& [k, v] : *own) {
                // A lambda does not capture a structured binding before Clang 16: k by a reference.
                auto const& key = k;
                auto it = std::find_if(p->begin(), p->end(), [&](auto const& kv) { return kv.first == key; });
                if (it != p->end()) it->second = v;
                else p->emplace_back(k, v);
            }
        }
        for (auto const& [k, v] : *p)
            if (v) tc.params.emplace_back(k, *v);
        std::optional<Data> app;
        if (auto const* a = c.find("application")) app = application(*a);
        else if (base) app = base;
        if (!app) {
            if (!c.find("application"))
                problem(c.where, say(lang_, "the case '" + tc.name + "' has no application: give 'application', or 'base' in the file",
                                     "事例「" + tc.name + "」に申請がありません。application を書くか、ファイルに base を書いてください"));
            return std::nullopt;
        }
        tc.application = std::move(*app);
        bool ok = true;
        if (auto const* s = c.find("set")) {
            if (s->kind != Data::Kind::map) {
                problem(s->where, say(lang_, "'set' is a mapping of paths (such as 構成員[2].法人) to values",
                                      "set はパス（構成員[2].法人 など）と値のマッピングです"));
                ok = false;
            } else {
                for (std::size_t i = 0; i < s->fields.size(); ++i) {
                    auto const& [k, v] = s->fields[i];
                    auto path = parse_path(k);
                    std::optional<std::string> error =
                        path ? set_at(tc.application, *path, v, lang_)
                             : std::optional<std::string>(say(lang_, "not a path such as 構成員[2].法人", "構成員[2].法人 のようなパスではありません"));
                    if (error) {
                        problem(i < s->key_where.size() ? s->key_where[i] : v.where,
                                say(lang_, "cannot set '" + k + "': ", "「" + k + "」を設定できません: ") + *error);
                        ok = false;
                    }
                }
            }
        }
        if (auto const* r = c.find("remove")) {
            std::vector<Data> items = r->kind == Data::Kind::list ? r->items : std::vector<Data>{*r};
            // Later list items first, so that removing [1] and [2] removes the items first named so.
            std::vector<std::pair<std::vector<PathStep>, Data>> paths;
            for (auto const& item : items) {
                auto path = item.kind == Data::Kind::text ? parse_path(item.scalar) : std::nullopt;
                if (!path) {
                    problem(item.where, say(lang_, "'remove' lists paths, such as 寄付金収入 or 経費[2]", "remove にはパス（寄付金収入、経費[2] など）を並べます"));
                    ok = false;
                    continue;
                }
                paths.emplace_back(std::move(*path), item);
            }
            auto order = [](std::vector<PathStep> const& steps) { return steps.back().is_index ? steps.back().index : static_cast<std::size_t>(-1); };
            std::stable_sort(paths.begin(), paths.end(), [&](auto const& a, auto const& b) { return order(a.first) > order(b.first); });
            for (auto const& [path, item] : paths)
                if (auto error = remove_at(tc.application, path, lang_)) {
                    problem(item.where, say(lang_, "cannot remove '" + item.scalar + "': ", "「" + item.scalar + "」を取り除けません: ") + *error);
                    ok = false;
                }
        }
        Data const* e = c.find("expected");
        if (!e || e->kind != Data::Kind::map) {
            problem(e ? e->where : c.where, say(lang_, "the case '" + tc.name + "' needs 'expected': a mapping of what the decision must say",
                                                "事例「" + tc.name + "」には expected（判定が示すべきことのマッピング）が要ります"));
            return std::nullopt;
        }
        if (!read_expected(*e, tc.expected)) ok = false;
        if (!ok) return std::nullopt;
        return tc;
    }

    std::optional<ExpectedSet> read_set(Data const& d, std::string const& key) {
        auto strings = [&](Data const& list, std::vector<std::string>& out) {
            if (list.kind == Data::Kind::null) return true;
            std::vector<Data> items = list.kind == Data::Kind::list ? list.items : std::vector<Data>{list};
            for (auto const& item : items) {
                if (!item.is_scalar() || item.kind == Data::Kind::null) {
                    problem(item.where, say(lang_, "'" + key + "' lists names or labels", key + " には名前かラベルを並べます"));
                    return false;
                }
                out.push_back(item.scalar);
            }
            return true;
        };
        ExpectedSet set;
        if (d.kind == Data::Kind::map) {
            set.exact = false;
            check_keys(d, {"include", "exclude"}, say(lang_, "'" + key + "'", key + " "));
            if (auto const* i = d.find("include"); i && !strings(*i, set.include)) return std::nullopt;
            if (auto const* x = d.find("exclude"); x && !strings(*x, set.exclude)) return std::nullopt;
            return set;
        }
        if (!strings(d, set.include)) return std::nullopt;
        return set;
    }

    bool read_expected(Data const& e, Expected& out) {
        check_keys(e, {"verdict", "fiscal_year", "amounts", "conditions", "failing", "missing", "documents", "checks", "errors"},
                   say(lang_, "'expected'", "expected "));
        bool ok = true;
        if (auto const* y = e.find("fiscal_year")) {
            out.fiscal_year = read_year(*y);
            if (out.fiscal_year == 0) ok = false;
        }
        if (auto const* v = e.find("verdict")) {
            static constexpr std::string_view verdicts[] = {"eligible", "ineligible", "undetermined", "error"};
            if (v->kind != Data::Kind::text || std::find(std::begin(verdicts), std::end(verdicts), v->scalar) == std::end(verdicts)) {
                problem(v->where, say(lang_, "'verdict' is eligible, ineligible, undetermined or error",
                                      "verdict は eligible、ineligible、undetermined、error のどれかです") +
                                      (v->is_scalar() ? suggest(v->scalar, {std::begin(verdicts), std::end(verdicts)}, lang_) : ""));
                ok = false;
            } else {
                out.verdict = v->scalar;
            }
        }
        if (auto const* a = e.find("amounts")) {
            if (a->kind != Data::Kind::map) {
                problem(a->where, say(lang_, "'amounts' is a mapping of amount names to exact values, such as {助成額: \"300000\"}",
                                      "amounts は金額の名前と正確な値のマッピングです（{助成額: \"300000\"} など）"));
                ok = false;
            } else {
                for (auto const& [k, v] : a->fields) {
                    if (v.kind == Data::Kind::null) out.amounts.emplace_back(k, std::nullopt);
                    else if (v.is_scalar()) out.amounts.emplace_back(k, v.scalar);
                    else {
                        problem(v.where, say(lang_, "the amount '" + k + "' needs a value such as \"300000\", or null for unknown",
                                             "金額「" + k + "」には \"300000\" のような値か、不明を表す null が要ります"));
                        ok = false;
                    }
                }
            }
        }
        if (auto const* c = e.find("conditions")) {
            static constexpr std::string_view outcomes[] = {"pass", "fail", "unknown", "not_applicable"};
            if (c->kind != Data::Kind::map) {
                problem(c->where, say(lang_, "'conditions' is a mapping of conditions (marker or label) to pass, fail, unknown or not_applicable",
                                      "conditions は要件（番号かラベル）と pass、fail、unknown、not_applicable のマッピングです"));
                ok = false;
            } else {
                for (auto const& [k, v] : c->fields) {
                    if (v.kind != Data::Kind::text || std::find(std::begin(outcomes), std::end(outcomes), v.scalar) == std::end(outcomes)) {
                        problem(v.where, say(lang_, "a condition's outcome is pass, fail, unknown or not_applicable",
                                             "要件の結果は pass、fail、unknown、not_applicable のどれかです") +
                                             (v.is_scalar() ? suggest(v.scalar, {std::begin(outcomes), std::end(outcomes)}, lang_) : ""));
                        ok = false;
                    } else {
                        out.conditions.emplace_back(k, v.scalar);
                    }
                }
            }
        }
        auto set = [&](char const* key, std::optional<ExpectedSet>& target) {
            if (auto const* d = e.find(key)) {
                target = read_set(*d, key);
                if (!target) ok = false;
            }
        };
        set("failing", out.failing);
        set("missing", out.missing);
        set("documents", out.documents);
        set("checks", out.checks);
        set("errors", out.errors);
        return ok;
    }

    std::string file_;
    std::filesystem::path dir_;
    std::vector<Problem>& problems_;
    Language lang_;
};

// What an expected name matches among `labels` (with their markers, possibly empty): an exact
// marker or label, or else the one label it begins.
// A label ending in '?' (a document that may be needed) is matched only by a name ending in '?',
// and also, without the '?', by a name without one.
inline std::vector<std::size_t> matches(std::string wanted, std::vector<std::string> const& markers,
                                        std::vector<std::string> const& labels) {
    bool const wants_uncertain = wanted.size() > 1 && wanted.back() == '?';
    if (wants_uncertain) wanted.pop_back();
    std::vector<std::size_t> exact, prefix;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        std::string_view label = labels[i];
        bool const uncertain = label.size() > 1 && label.back() == '?';
        if (wants_uncertain && !uncertain) continue;
        if (uncertain) label.remove_suffix(1);
        if ((!markers[i].empty() && markers[i] == wanted) || label == wanted) exact.push_back(i);
        else if (!wanted.empty() && label.starts_with(wanted)) prefix.push_back(i);
    }
    if (!exact.empty()) return exact;
    return prefix;
}

// Compares an expected set with the actual members (each shown by `shown`, matched through
// `markers` and `labels` among all the possible members `universe`).
struct SetCheck {
    std::vector<std::string> markers, labels, shown;  // Of every possible member.
    std::vector<bool> actual;                         // Which of them are in the actual set.
};

inline std::optional<Mismatch> compare_set(std::string const& what, ExpectedSet const& expected, SetCheck const& s,
                                           bool match_exactly_only = false, Language lang = Language::en) {
    std::vector<std::string> actual_shown;
    for (std::size_t i = 0; i < s.labels.size(); ++i)
        if (s.actual[i]) actual_shown.push_back(s.shown[i]);
    std::vector<std::string> details;
    std::vector<bool> covered(s.labels.size(), false);
    auto find = [&](std::string const& wanted) {
        if (match_exactly_only) {
            std::vector<std::size_t> out;
            for (std::size_t i = 0; i < s.labels.size(); ++i)
                if (s.labels[i] == wanted || (!s.markers[i].empty() && s.markers[i] == wanted)) out.push_back(i);
            return out;
        }
        return matches(wanted, s.markers, s.labels);
    };
    for (auto const& wanted : expected.include) {
        auto m = find(wanted);
        bool any = false;
        for (auto i : m)
            if (s.actual[i]) {
                any = true;
                covered[i] = true;
            }
        if (!any) details.push_back(say(lang, "expected but absent: ", "期待したがない: ") + wanted);
    }
    for (auto const& unwanted : expected.exclude) {
        for (auto i : find(unwanted))
            if (s.actual[i]) details.push_back(say(lang, "present but excluded: ", "除いたはずがある: ") + s.shown[i]);
    }
    if (expected.exact)
        for (std::size_t i = 0; i < s.labels.size(); ++i)
            if (s.actual[i] && !covered[i]) details.push_back(say(lang, "present but not expected: ", "期待していないがある: ") + s.shown[i]);
    if (details.empty()) return std::nullopt;
    std::string expected_text = join(expected.include);
    if (!expected.exact) {
        expected_text.clear();
        if (!expected.include.empty()) expected_text = say(lang, "including ", "含む ") + join(expected.include);
        if (!expected.exclude.empty())
            expected_text += (expected_text.empty() ? "" : ", ") + say(lang, "excluding ", "除く ") + join(expected.exclude);
        if (expected_text.empty()) expected_text = say(lang, "anything", "何でもよい");
    }
    return Mismatch{what, expected_text, join(actual_shown), std::move(details)};
}

inline bool same_amount(std::string const& expected, Number const& actual) {
    if (expected == actual.to_string()) return true;
    std::u32string const text = decode_utf8(expected).text;
    std::size_t const slash = text.find(U'/');
    auto parsed = parse_signed_literal(std::u32string_view(text).substr(0, slash));
    auto const* value = std::get_if<LiteralValue>(&parsed);
    if (!value) return false;
    Number n = value->value;
    if (slash != std::u32string::npos) {
        auto below = parse_literal(std::u32string_view(text).substr(slash + 1));
        auto const* d = std::get_if<LiteralValue>(&below);
        if (!d || d->value.is_zero()) return false;
        n = n / d->value;
    }
    return n == actual;
}

}  // namespace detail

// Reads a test file: its cases, or the problems that make it malformed (with their places).
inline std::optional<TestFile> read_test_file(std::filesystem::path const& path, std::vector<Problem>& problems, Language lang = Language::en) {
    std::string const file = path.string();
    auto text = detail::read_text(path);
    if (!text) {
        problems.push_back({{file, 0, 0}, detail::say(lang, "cannot read the test file", "テストファイルを読めません")});
        return std::nullopt;
    }
    YAML::Node root;
    try {
        root = YAML::Load(*text);
    } catch (YAML::Exception const& e) {
        problems.push_back({detail::at(file, e.mark), detail::say(lang, e.msg, "YAML として読めません（" + e.msg + "）")});
        return std::nullopt;
    }
    std::size_t const before = problems.size();
    Data data = detail::from_yaml(root, file, problems, lang);
    detail::FileReader reader(file, path.parent_path(), problems, lang);
    auto out = reader.read(data, rules_beside(path));
    if (problems.size() != before) {
        std::stable_sort(problems.begin() + static_cast<std::ptrdiff_t>(before), problems.end(), [](Problem const& a, Problem const& b) {
            return std::tie(a.where.line, a.where.column) < std::tie(b.where.line, b.where.column);
        });
        return std::nullopt;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Running.

// Evaluates one case with `rules` and compares the decision with what it expects.
inline CaseResult run_case(Rules const& rules, TestCase const& tc, Language lang = Language::en) {
    using detail::say;
    CaseResult r;
    r.name = tc.name;
    r.where = tc.where;
    Session session(rules);
    for (auto const& [name, value] : tc.params)
        if (auto error = session.set_parameter(name, value)) {
            r.error = say(lang, "the parameter " + name + "=" + value + " was refused: ", "パラメータ " + name + "=" + value + " は受け付けられません: ") +
                      eval::message(*error, lang) + " [" + error->code + "]";
            return r;
        }
    std::string json;
    detail::write_json(json, tc.application);
    r.result = session.evaluate_json(json, tc.fiscal_year);
    auto& m = r.mismatches;
    Expected const& x = tc.expected;
    auto const& decision = r.result.decision;

    std::string const verdict = decision ? std::string(eval::name(decision->verdict)) : "error";
    if (x.verdict && *x.verdict != verdict) m.push_back({"verdict", *x.verdict, verdict, {}});
    if (!decision) {
        // Only the verdict and the input errors can be compared.
        std::vector<std::string> errors;
        for (auto const& e : r.result.errors) errors.push_back(e.path + " " + e.code);
        bool const wants_decision =
            x.fiscal_year != 0 || !x.amounts.empty() || !x.conditions.empty() || x.failing || x.missing || x.documents || x.checks;
        if (wants_decision)
            m.push_back({"decision", say(lang, "a decision", "判定"), say(lang, "input errors", "入力エラー"), errors});
    }
    if (x.errors) {
        detail::SetCheck s;
        for (auto const& e : r.result.errors) {
            s.markers.push_back(e.code);
            s.labels.push_back(e.path);
            s.shown.push_back(e.path + " " + e.code);
            s.actual.push_back(true);
        }
        if (auto mm = detail::compare_set("errors", *x.errors, s, true, lang)) m.push_back(std::move(*mm));
    }
    if (decision) {
        eval::Decision const& d = *decision;
        if (x.fiscal_year != 0 && x.fiscal_year != d.fiscal_year)
            m.push_back({"fiscal_year", std::to_string(x.fiscal_year), std::to_string(d.fiscal_year), {}});
        for (auto const& [name, value] : x.amounts) {
            auto const& wanted = name;  // A lambda does not capture a structured binding before Clang 16.
            auto it = std::find_if(d.amounts.begin(), d.amounts.end(), [&](auto const& a) { return a.name == wanted; });
            if (it == d.amounts.end()) {
                std::vector<std::string_view> names;
                for (auto const& a : d.amounts) names.push_back(a.name);
                m.push_back({"amounts." + name, value ? *value : "unknown", say(lang, "no such amount", "その名前の金額はありません") + detail::suggest(name, names, lang), {}});
                continue;
            }
            std::string const actual = it->value ? it->value->to_string() : "unknown";
            bool const same = value ? (it->value && detail::same_amount(*value, *it->value)) : !it->value;
            if (!same) m.push_back({"amounts." + name, value ? *value : "unknown", actual, {it->summary}});
        }
        std::vector<std::string> markers, labels, shown;
        for (auto const& c : d.conditions) {
            markers.push_back(c.marker);
            labels.push_back(c.label);
            shown.push_back(c.marker.empty() ? c.label : c.marker);
        }
        for (auto const& [key, outcome] : x.conditions) {
            auto found = detail::matches(key, markers, labels);
            if (found.empty()) {
                m.push_back({"conditions." + key, outcome, say(lang, "no such condition", "その要件はありません"), {}});
                continue;
            }
            for (auto i : found) {
                std::string const actual(eval::name(d.conditions[i].outcome));
                if (actual != outcome) m.push_back({"conditions." + shown[i], outcome, actual, {}});
            }
        }
        if (x.failing) {
            detail::SetCheck s{markers, labels, shown, {}};
            for (auto const& c : d.conditions) s.actual.push_back(c.outcome == eval::Outcome::fail);
            for (auto const& wanted : x.failing->include)
                if (detail::matches(wanted, markers, labels).empty())
                    m.push_back({"failing", wanted, say(lang, "no such condition", "その要件はありません"), {}});
            if (auto mm = detail::compare_set(say(lang, "failing conditions", "failing（不適合の要件）"), *x.failing, s, false, lang))
                m.push_back(std::move(*mm));
        }
        if (x.missing) {
            detail::SetCheck s;
            for (auto const& miss : d.missing) {
                s.markers.push_back("");
                s.labels.push_back(miss.path);
                s.shown.push_back(miss.path);
                s.actual.push_back(true);
            }
            ExpectedSet normalized = *x.missing;
            auto normalize = [](std::string p) { return p.starts_with("$") || p.starts_with("param ") ? p : "$." + p; };
            for (auto& p : normalized.include) p = normalize(p);
            for (auto& p : normalized.exclude) p = normalize(p);
            if (auto mm = detail::compare_set(say(lang, "missing inputs", "missing（未入力の項目）"), normalized, s, true, lang))
                m.push_back(std::move(*mm));
        }
        if (x.documents) {
            detail::SetCheck s;
            for (auto const& doc : d.documents) {
                s.markers.push_back("");
                s.labels.push_back(doc.certain ? doc.label : doc.label + "?");
                s.shown.push_back(doc.certain ? doc.label : doc.label + "?");
                s.actual.push_back(true);
            }
            if (auto mm = detail::compare_set(say(lang, "documents", "documents（必要書類）"), *x.documents, s, false, lang))
                m.push_back(std::move(*mm));
        }
        if (x.checks) {
            detail::SetCheck s;
            for (auto const& c : d.checks) {
                s.markers.push_back("");
                s.labels.push_back(c.label);
                s.shown.push_back(c.label);
                s.actual.push_back(c.status == eval::CheckStatus::raised);
            }
            if (auto mm = detail::compare_set(say(lang, "raised checks", "checks（該当した確認事項）"), *x.checks, s, false, lang))
                m.push_back(std::move(*mm));
        }
    }
    r.passed = m.empty();
    return r;
}

// Runs test files, loading each program's rules once. Problems, mismatches and the diagnostics of
// rules that do not load are worded in `lang`.
class Runner {
public:
    explicit Runner(Language lang = Language::en) : lang_(lang) {}

    FileResult run_file(std::filesystem::path const& path) {
        FileResult out;
        out.file = path.string();
        auto file = read_test_file(path, out.problems, lang_);
        if (!file) return out;
        out.rules = file->rules.string();
        std::string const key = std::filesystem::weakly_canonical(file->rules).string();
        auto it = loaded_.find(key);
        if (it == loaded_.end()) it = loaded_.emplace(key, std::make_unique<LoadResult>(load_rules(file->rules))).first;
        LoadResult const& loaded = *it->second;
        if (!loaded.rules) {
            for (auto const& f : loaded.files)
                for (auto const& d : f.diagnostics) {
                    // A file that could not be read has no line to show.
                    if (d.code == "cannot-read-file" || d.code == "no-rule-files")
                        out.rule_diagnostics += f.source->name() + ": error: " + message(d, lang_) + " [" + std::string(d.code) + "]\n";
                    else
                        out.rule_diagnostics += render(d, *f.source, lang_);
                }
            out.problems.push_back(
                {{out.file, 0, 0}, detail::say(lang_, "the rules " + out.rules + " did not load", "規則 " + out.rules + " を読み込めませんでした")});
            return out;
        }
        for (auto const& tc : file->cases) out.cases.push_back(run_case(*loaded.rules, tc, lang_));
        return out;
    }

private:
    Language lang_;
    std::map<std::string, std::unique_ptr<LoadResult>> loaded_;
};

inline FileResult run_test_file(std::filesystem::path const& path) { return Runner().run_file(path); }

// The test files under `path` (*.tests.yaml, recursively, in order); `path` itself when it is a
// test file; for a rule file NAME.kisoku, the NAME.tests.yaml beside it, if any.
inline std::vector<std::filesystem::path> find_test_files(std::filesystem::path const& path, std::error_code& ec) {
    std::vector<std::filesystem::path> out;
    if (!std::filesystem::is_directory(path, ec)) {
        if (!std::filesystem::exists(path, ec)) {
            if (!ec) ec = std::make_error_code(std::errc::no_such_file_or_directory);
        } else if (path.extension() == ".kisoku") {
            auto tests = path.parent_path() / (path.stem().string() + ".tests.yaml");
            if (std::filesystem::is_regular_file(tests, ec)) out.push_back(tests);
        } else {
            out.push_back(path);
        }
        return out;
    }
    for (auto it = std::filesystem::recursive_directory_iterator(path, ec); !ec && it != std::filesystem::recursive_directory_iterator();
         it.increment(ec))
        if (it->is_regular_file(ec) && it->path().filename().string().ends_with(".tests.yaml")) out.push_back(it->path());
    std::sort(out.begin(), out.end());
    return out;
}

// ---------------------------------------------------------------------------------------------
// Reports.

// A failing case: where, its name, and each expectation against what came, in `lang`.
inline std::string format_case(CaseResult const& c, Language lang = Language::en) {
    using detail::say;
    std::string out = (c.passed ? "ok   " : "FAIL ") + c.where.to_string() + ": " + c.name + "\n";
    if (c.error) out += "  " + *c.error + "\n";
    for (auto const& m : c.mismatches) {
        out += "  " + m.what + ":\n";
        out += say(lang, "    expected: ", "    期待: ") + m.expected + "\n";
        out += say(lang, "    actual:   ", "    実際: ") + m.actual + "\n";
        for (auto const& d : m.details) out += "      " + d + "\n";
    }
    if (!c.passed && !c.result.decision && !c.result.errors.empty() &&
        std::none_of(c.mismatches.begin(), c.mismatches.end(), [](Mismatch const& m) { return m.what == "errors" || m.what == "decision"; })) {
        out += say(lang, "  input errors:\n", "  入力エラー:\n");
        for (auto const& e : c.result.errors) out += "    " + e.path + ": " + eval::message(e, lang) + " [" + e.code + "]\n";
    }
    return out;
}

// A file's report: its problems, its failing cases (and, when `verbose`, the passing ones).
inline std::string format_file(FileResult const& f, bool verbose = false, Language lang = Language::en) {
    std::string out;
    for (auto const& p : f.problems) out += p.where.to_string() + ": error: " + p.message + "\n";
    out += f.rule_diagnostics;
    for (auto const& c : f.cases)
        if (!c.passed || verbose) out += format_case(c, lang);
    return out;
}

// "N passed, N failed", or in Japanese "成功 N 件、失敗 N 件".
inline std::string format_counts(std::size_t passed, std::size_t failed, Language lang = Language::en) {
    return detail::say(lang, std::to_string(passed) + " passed, " + std::to_string(failed) + " failed",
                       "成功 " + std::to_string(passed) + " 件、失敗 " + std::to_string(failed) + " 件");
}

// The outcome of running the test files named by some paths.
struct RunSummary {
    std::size_t passed = 0;
    std::size_t failed = 0;
    // Why nothing ran: a path that cannot be read or holds no test file. Empty when the files ran.
    std::string usage_error;
    // The exit status of `kisoku test`: 0 when every case passed, 1 when any failed, 2 when nothing
    // ran because of a usage error.
    int status() const { return !usage_error.empty() ? 2 : failed == 0 ? 0 : 1; }
};

// Runs the test files named by `paths` (test files, rule files, or directories searched with
// find_test_files), loading each program's rules once, and hands `write` the report piece by piece
// as each file finishes: the failing cases (every case when `verbose`), a count for each file that
// failed (or for every file when `verbose`), and the final line "N passed, N failed" — all in
// `lang` (in Japanese the last line is "成功 N 件、失敗 N 件"). This is `kisoku test`, shared by
// the command-line tool and the Python package.
template <typename Write>
RunSummary run_paths(std::vector<std::string> const& paths, bool verbose, Write&& write, Language lang = Language::en) {
    RunSummary summary;
    std::vector<std::filesystem::path> files;
    for (auto const& path : paths) {
        std::error_code ec;
        auto found = find_test_files(path, ec);
        if (ec) {
            summary.usage_error = detail::say(lang, "cannot read " + path + ": " + ec.message(), path + " を読めません: " + ec.message());
            return summary;
        }
        if (found.empty()) {
            summary.usage_error = detail::say(lang, "no test files (*.tests.yaml) for " + path, path + " にテストファイル（*.tests.yaml）がありません");
            return summary;
        }
        files.insert(files.end(), found.begin(), found.end());
    }
    Runner runner(lang);
    for (auto const& file : files) {
        auto result = runner.run_file(file);
        std::string report = format_file(result, verbose, lang);
        if (verbose || !result.ok()) report += result.file + ": " + format_counts(result.passed(), result.failed(), lang) + "\n";
        summary.passed += result.passed();
        summary.failed += result.failed();
        write(std::string_view(report));
    }
    write(std::string_view(format_counts(summary.passed, summary.failed, lang) + "\n"));
    return summary;
}

}  // namespace kisoku::testing
