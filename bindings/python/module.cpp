// bindings/python/module.cpp — kisoku._core, the private extension under the Python package.
//
// Thin by design: it converts Python values to binding events and C++ results to Python values,
// and releases the GIL while applications are evaluated. Every rule of the engine lives in the C++
// headers; the public API, its types and its errors are in python/kisoku.
#include "kisoku/calc.hpp"
#include "kisoku/diff.hpp"
#include "kisoku/eval/native_library.hpp"
#include "kisoku/rules.hpp"
#include "kisoku/testing.hpp"
#include "kisoku/version.hpp"

#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace py = pybind11;

namespace {

using kisoku::eval::ApplicationBuilder;
using kisoku::eval::InputError;

kisoku::Language language_of(std::string const& lang) { return lang == "en" ? kisoku::Language::en : kisoku::Language::ja; }

// Sessions kept for reuse by the calls that evaluate one application: making a Session prepares
// its binder and evaluators, which costs about as much as evaluating an application. A call takes
// an idle one (or makes one) and gives it back when done, so no two calls share a session, and
// calls from several Python threads each have their own. The mutex is taken only with the GIL held
// (PooledSession is made and destroyed holding it), so a fork, which the forking thread makes
// holding the GIL, never copies it locked into the child.
struct SessionPool {
    std::mutex mutex;
    std::vector<std::unique_ptr<kisoku::Session>> idle;
};

// Loaded rules and the parameters the caller supplied; shared by every evaluation from Python.
struct Rules {
    kisoku::Rules rules;
    std::vector<std::pair<std::string, std::string>> parameters;
    // Sessions over `rules` with `parameters` set; a copy of Rules gets a pool of its own.
    std::shared_ptr<SessionPool> sessions = std::make_shared<SessionPool>();
    // Fiscal years' rules compiled to native code (compile_native), given to every session: kept
    // alive as long as any Rules (or copy) that may have given them to a session.
    std::vector<std::shared_ptr<kisoku::eval::NativeLibrary const>> libraries;
};

// Gives a session the rules compiled to native code.
void use_libraries(kisoku::Session& session, Rules const& rules) {
    for (auto const& library : rules.libraries) session.set_native(library->rules());
}

// Compiles each fiscal year's rules to native code into `cache` (or loads them from there) and
// gives them to the sessions of `rules` from now on; returns the warnings of the years that could
// not be (decided by the interpreter, as before).
py::list compile_native(Rules& rules, std::string const& cache, std::vector<std::string> const& include_directories,
                        std::string const& compiler, unsigned timeout_seconds, std::string const& lang) {
    kisoku::eval::NativeBuildOptions options;
    options.cache_directory = cache;
    options.include_directories = include_directories;
    options.compiler = compiler;
    options.timeout_seconds = timeout_seconds;
    // Ctrl-C (KeyboardInterrupt) stops the compiler, which runs in a process group of its own
    // that the terminal's Ctrl-C does not reach. Python runs its signal handlers in the main
    // thread only; elsewhere this asks nothing.
    options.stop_requested = [] {
        py::gil_scoped_acquire acquire;
        return PyErr_CheckSignals() != 0;
    };
    std::vector<kisoku::eval::NativeBuild> built;
    {
        py::gil_scoped_release release;
        for (auto const& year : rules.rules.years) {
            built.push_back(kisoku::eval::build_native_library(*year, options));
            if (built.back().error && built.back().error->code == "native-compile-stopped") break;
        }
    }
    if (PyErr_Occurred()) throw py::error_already_set();  // KeyboardInterrupt, or what a handler raised.
    py::list warnings;
    for (auto& b : built) {
        if (b.error) {
            warnings.append(b.error->render(language_of(lang)) + " [" + b.error->code + "]");
            continue;
        }
        bool const known = std::any_of(rules.libraries.begin(), rules.libraries.end(),
                                       [&](auto const& l) { return l->rules().fingerprint == b.library->rules().fingerprint; });
        if (!known) rules.libraries.push_back(std::move(b.library));
    }
    // Idle sessions take them now; sessions in use by other threads, when next made.
    std::lock_guard lock(rules.sessions->mutex);
    for (auto& session : rules.sessions->idle) use_libraries(*session, rules);
    return warnings;
}

py::list diagnostics_of(kisoku::LoadResult const& loaded, std::string const& lang) {
    py::list out;
    for (auto const& f : loaded.files)
        for (auto const& d : f.diagnostics) {
            auto at = f.source->location(d.span.begin);
            py::dict item;
            item["file"] = f.source->name();
            item["line"] = at.line;
            item["column"] = at.column;
            item["severity"] = std::string(kisoku::name(d.severity));
            item["code"] = std::string(d.code);
            item["message"] = kisoku::message(d, language_of(lang));
            item["rendered"] = kisoku::render(d, *f.source, language_of(lang));
            out.append(std::move(item));
        }
    return out;
}

// (rules or None, diagnostics)
py::tuple load(std::string const& path, std::string const& text, std::string const& lang) {
    kisoku::LoadResult loaded;
    {
        py::gil_scoped_release release;
        loaded = text.empty() ? kisoku::load_rules(path) : kisoku::load_rules_text(path, text);
    }
    py::list diagnostics = diagnostics_of(loaded, lang);
    if (!loaded.rules) return py::make_tuple(py::none(), diagnostics);
    auto rules = std::make_shared<Rules>();
    rules->rules = std::move(*loaded.rules);
    return py::make_tuple(py::cast(rules), diagnostics);
}

// Supplies the rules' parameters to a session of them; a parameter refused is a ValueError.
void apply_parameters(kisoku::Session& session, Rules const& rules) {
    for (auto const& [name, value] : rules.parameters)
        if (auto error = session.set_parameter(name, value)) throw py::value_error(error->path + ": " + kisoku::eval::message(*error, kisoku::Language::en));
}

// What a pickled Rules holds: the rule texts of every fiscal year and the parameters supplied, so
// that another process (a worker of a pool or of a cluster) loads the same rules without the files.
constexpr char const* rules_state_format = "kisoku.rules/1";

py::tuple rules_state(Rules const& r) {
    py::list sources, parameters;
    for (auto const& s : kisoku::rule_sources(r.rules)) sources.append(py::make_tuple(s.name, s.text));
    for (auto const& [name, value] : r.parameters) parameters.append(py::make_tuple(name, value));
    return py::make_tuple(rules_state_format, sources, parameters);
}

std::shared_ptr<Rules> rules_from_state(py::tuple const& state) {
    std::vector<kisoku::RuleSource> sources;
    std::vector<std::pair<std::string, std::string>> parameters;
    try {
        if (state.size() != 3 || !py::isinstance<py::str>(state[0]) || state[0].cast<std::string>() != rules_state_format)
            throw py::cast_error();
        for (auto& [name, text] : state[1].cast<std::vector<std::pair<std::string, std::string>>>())
            sources.push_back({std::move(name), std::move(text)});
        parameters = state[2].cast<std::vector<std::pair<std::string, std::string>>>();
    } catch (py::cast_error const&) {
        throw py::value_error(std::string("not the state of pickled kisoku rules (expected ") + rules_state_format +
                              ", a list of (file name, rule text) and a list of (parameter, value))");
    }
    kisoku::LoadResult loaded;
    {
        py::gil_scoped_release release;
        loaded = kisoku::load_rules_sources(sources);
    }
    if (!loaded.rules) throw py::value_error("the pickled rules do not load:\n" + loaded.render(kisoku::Language::en));
    auto rules = std::make_shared<Rules>();
    rules->rules = std::move(*loaded.rules);
    rules->parameters = std::move(parameters);
    kisoku::Session session(rules->rules);
    apply_parameters(session, *rules);
    return rules;
}

py::list errors_of(std::vector<InputError> const& errors, std::string const& lang) {
    py::list out;
    for (auto const& e : errors) {
        py::dict item;
        item["path"] = e.path;
        item["code"] = e.code;
        item["message"] = kisoku::eval::message(e, language_of(lang));
        out.append(std::move(item));
    }
    return out;
}

// Feeds a Python value (dict, list, str, int, float, Decimal, Fraction, bool, None, date, and
// the numpy/pandas equivalents) to a builder as binding events.
class PythonFeed {
public:
    PythonFeed() {
        auto decimal = py::module_::import("decimal");
        decimal_type_ = decimal.attr("Decimal");
        fraction_type_ = py::module_::import("fractions").attr("Fraction");
        date_type_ = py::module_::import("datetime").attr("date");
    }

    void walk(ApplicationBuilder& b, py::handle v, int depth = 0) {
        try {
            walk_value(b, v, depth);
        } catch (py::error_already_set const& e) {
            // A conversion Python refused (a lone surrogate in a text, an integer too long to
            // write out): an input error at this value, never an exception that loses the row.
            b.invalid_value(e.what());
        }
    }

private:
    void walk_value(ApplicationBuilder& b, py::handle v, int depth) {
        PyObject* o = v.ptr();
        if (depth > 200) {
            b.null();
            return;
        }
        // The common types first, through the C API: no Python call and no copy of a string.
        if (o == Py_None) {
            b.null();
        } else if (PyBool_Check(o)) {
            b.boolean(o == Py_True);
        } else if (PyUnicode_Check(o)) {
            b.string(utf8(o));
        } else if (PyDict_Check(o)) {
            b.begin_object();
            PyObject *key = nullptr, *value = nullptr;
            Py_ssize_t pos = 0;
            while (PyDict_Next(o, &pos, &key, &value)) {
                std::string_view name;
                std::string converted;
                try {
                    if (PyUnicode_Check(key)) {
                        name = utf8(key);
                    } else {
                        converted = py::str(key).cast<std::string>();
                        name = converted;
                    }
                } catch (py::error_already_set const&) {
                    name = "\xef\xbf\xbd";  // U+FFFD: the key itself could not be read.
                }
                b.key(name);
                walk(b, value, depth + 1);
            }
            b.end_object();
        } else if (PyList_Check(o) || PyTuple_Check(o)) {
            b.begin_array();
            Py_ssize_t const n = PySequence_Fast_GET_SIZE(o);
            PyObject** items = PySequence_Fast_ITEMS(o);
            for (Py_ssize_t i = 0; i < n; ++i) walk(b, items[i], depth + 1);
            b.end_array();
        } else if (PyLong_Check(o)) {
            int overflow = 0;
            long long n = PyLong_AsLongLongAndOverflow(o, &overflow);
            if (overflow == 0)
                b.integer(n);
            else
                b.number_text(py::str(v).cast<std::string>());
        } else if (PyFloat_Check(o)) {
            double d = PyFloat_AS_DOUBLE(o);
            if (d != d)
                b.null();  // NaN: a missing cell of a data frame.
            else
                b.number_text(py::repr(v).cast<std::string>());  // The shortest text that reads back as d.
        } else if (py::isinstance(v, decimal_type_)) {
            if (v.attr("is_finite")().cast<bool>())
                b.number_text(py::str(v).cast<std::string>());
            else if (v.attr("is_nan")().cast<bool>())
                b.null();
            else
                b.string(py::str(v).cast<std::string>());
        } else if (py::isinstance(v, fraction_type_)) {
            b.string(py::str(v).cast<std::string>());
        } else if (py::isinstance(v, date_type_) || py::hasattr(v, "to_pydatetime")) {
            py::object d = py::reinterpret_borrow<py::object>(v);
            if (py::hasattr(d, "hour")) d = d.attr("date")();  // A datetime or a pandas Timestamp: its day.
            auto date = kisoku::Date::from_ymd(d.attr("year").cast<int>(), d.attr("month").cast<int>(), d.attr("day").cast<int>());
            if (date)
                b.date(*date);
            else
                b.null();
        } else if (py::hasattr(v, "item") && py::hasattr(v, "dtype")) {
            walk(b, v.attr("item")(), depth + 1);  // A numpy scalar.
        } else if (py::hasattr(v, "tolist")) {
            walk(b, v.attr("tolist")(), depth + 1);  // A numpy array.
        } else if (py::hasattr(v, "__index__")) {
            walk(b, v.attr("__index__")(), depth + 1);
        } else if (py::hasattr(v, "keys")) {
            walk(b, py::dict(py::reinterpret_borrow<py::object>(v)), depth + 1);
        } else {
            b.string(py::str(v).cast<std::string>());
        }
    }

public:
    static std::string_view utf8(PyObject* s) {
        Py_ssize_t size = 0;
        char const* data = PyUnicode_AsUTF8AndSize(s, &size);
        if (!data) throw py::error_already_set();
        return {data, static_cast<std::size_t>(size)};
    }

private:
    py::object decimal_type_, fraction_type_, date_type_;
};

// A session of the pool for the length of one call.
class PooledSession {
public:
    explicit PooledSession(Rules const& rules) : pool_(*rules.sessions) {
        {
            std::lock_guard lock(pool_.mutex);
            if (!pool_.idle.empty()) {
                session_ = std::move(pool_.idle.back());
                pool_.idle.pop_back();
            }
        }
        if (!session_) {
            session_ = std::make_unique<kisoku::Session>(rules.rules);
            apply_parameters(*session_, rules);
            use_libraries(*session_, rules);
        }
    }
    ~PooledSession() {
        std::lock_guard lock(pool_.mutex);
        pool_.idle.push_back(std::move(session_));
    }
    PooledSession(PooledSession const&) = delete;
    PooledSession& operator=(PooledSession const&) = delete;
    kisoku::Session& operator*() { return *session_; }

private:
    SessionPool& pool_;
    std::unique_ptr<kisoku::Session> session_;
};

// Evaluates one application: JSON text (str or bytes), or a Python value walked into slots.
kisoku::EvaluationResult evaluate_one(Rules const& rules, py::object const& application, int fiscal_year) {
    PooledSession pooled(rules);
    kisoku::Session& session = *pooled;
    if (py::isinstance<py::str>(application) || py::isinstance<py::bytes>(application)) {
        std::string text = py::isinstance<py::str>(application) ? application.cast<std::string>() : std::string(application.cast<py::bytes>());
        py::gil_scoped_release release;
        return session.evaluate_json(text, fiscal_year);
    }
    PythonFeed feed;
    return session.evaluate_with(
        [&](ApplicationBuilder& b, kisoku::eval::Application& app) {
            b.begin(app);
            feed.walk(b, application);
            return b.finish();
        },
        fiscal_year);
}

// A decision kept as the C++ value, written as JSON or as text only when Python asks for more
// than the summary that comes with it: a DX LAB decision is about 14 KB of JSON, and writing it
// and decoding it into a Python str took more than the decision itself.
struct HeldDecision {
    kisoku::eval::Decision decision;
};

// (the decision or None, errors, summary or None). The summary holds what most callers read first
// (verdict, program, fiscal_year, amounts as canonical text or None, missing paths).
py::tuple evaluate(Rules const& rules, py::object application, int fiscal_year, std::string const& lang) {
    kisoku::EvaluationResult result = evaluate_one(rules, application, fiscal_year);
    if (!result.decision) return py::make_tuple(py::none(), errors_of(result.errors, lang), py::none());
    auto const& d = *result.decision;
    py::dict summary;
    summary["verdict"] = std::string(kisoku::eval::name(d.verdict));
    summary["program"] = d.program;
    summary["fiscal_year"] = d.fiscal_year;
    py::dict amounts;
    for (auto const& a : d.amounts) amounts[py::str(a.name)] = a.value ? py::object(py::str(a.value->to_string())) : py::object(py::none());
    summary["amounts"] = amounts;
    py::list missing;
    for (auto const& m : d.missing) missing.append(m.path);
    summary["missing"] = missing;
    return py::make_tuple(HeldDecision{std::move(*result.decision)}, py::list(), summary);
}

// The compact result of one row of a batch, made on a worker thread: what the columns need and
// no more, pointing into the row's Program (which the Rules keep alive) instead of copying its
// names and labels.
struct RowResult {
    std::optional<kisoku::eval::Verdict> verdict;        // None: the row had input errors.
    kisoku::eval::Program const* program = nullptr;
    std::vector<std::optional<kisoku::Number>> amounts;  // By the program's amounts.
    std::vector<std::uint32_t> failed;                   // The failing conditions, by index.
    std::vector<std::string> missing;                    // Paths of missing inputs, as Decision::missing.
    std::string error;                                   // Input errors, one per line.
    std::string decision_json;                           // With full=True.

    // Empties the row for the next application, keeping the storage (rows are reused from one
    // chunk of a batch to the next).
    void reset() {
        verdict.reset();
        program = nullptr;
        amounts.clear();
        failed.clear();
        missing.clear();
        error.clear();
        decision_json.clear();
    }
};

void fill_row(RowResult& r, kisoku::eval::Evaluator& evaluator, bool full) {
    r.verdict = kisoku::eval::verdict_of(evaluator);
    auto const& p = evaluator.program();
    r.program = &p;
    r.amounts.clear();
    for (std::size_t a = 0; a < p.amounts.size(); ++a) {
        auto const& v = evaluator.amount(a);
        r.amounts.push_back(v.known() ? std::optional<kisoku::Number>(v.number()) : std::nullopt);
    }
    r.failed.clear();
    std::uint32_t index = 0;
    for (auto const& block : p.eligibility)
        for (std::size_t c = 0; c < block.conditions.size(); ++c, ++index)
            if (evaluator.condition_outcome(index) == kisoku::eval::Outcome::fail) r.failed.push_back(index);
    r.missing.clear();
    if (full) {
        auto decision = kisoku::eval::decide(evaluator);
        for (auto const& m : decision.missing) r.missing.push_back(m.path);
        r.decision_json = kisoku::eval::to_json_text(decision);
        return;
    }
    for (auto& m : kisoku::eval::missing_inputs(evaluator)) r.missing.push_back(std::move(m.path));
}

// Evaluates rows, in chunks. Rows given as JSON text (str or bytes) are bound and evaluated on
// `threads` threads with the GIL released: their UTF-8 bytes are taken while the GIL is held and
// stay valid, since `rows` keeps every row alive. Other rows (dicts) are Python objects: they are
// walked into slots one after another with the GIL held, then evaluated on the threads, each
// thread with its own session's evaluators. A row with input errors gets its errors and does not
// stop the others. Each chunk's results go into the columns before the next chunk is read, so
// that the rows' storage is reused instead of allocated for every row. `progress(n)` is called
// after each chunk with the rows done.
//
// The result is by column, as the DataFrame is built: {"verdict": [...], "amounts": {name: [...]},
// "reasons": [...], "missing": [[...], ...], "error": [...], "decision": [...] with full}. Columns
// rather than a dict per row: most of the time of a batch was spent making Python objects. An
// amount is `exact(text)` of its canonical text ("300000", "2/3"), called once per distinct
// amount, whose object every row with it shares (the numbers it makes, Decimal and Fraction, are
// immutable).
py::dict evaluate_many(Rules const& rules, py::list rows, int fiscal_year, int threads, std::string const& lang, bool full,
                       py::object progress, py::object exact) {
    std::size_t const n = rows.size();
    unsigned const workers = threads > 0 ? static_cast<unsigned>(threads) : std::max(1u, std::thread::hardware_concurrency());
    std::size_t const chunk = 2048;
    kisoku::Language const language = language_of(lang);
    // A session per thread, taken from the pool (with the GIL held: making one may raise).
    std::vector<std::unique_ptr<PooledSession>> sessions;
    for (unsigned t = 0; t < workers; ++t) sessions.push_back(std::make_unique<PooledSession>(rules));
    PythonFeed feed;
    std::vector<RowResult> results(std::min(n, chunk));  // A chunk's rows, reused from chunk to chunk.
    std::vector<kisoku::eval::Application> apps(std::min(n, chunk));
    std::vector<kisoku::eval::Program const*> programs(std::min(n, chunk));
    std::vector<std::optional<std::string_view>> texts(std::min(n, chunk));
    auto const errors_text = [&](std::vector<InputError> const& errors) {
        std::string out;
        for (auto const& e : errors) out += e.path + ": " + kisoku::eval::message(e, language) + "\n";
        return out;
    };
    // The columns. Verdicts, amounts and reasons repeat from row to row: each distinct one is made
    // into a Python object once and shared (they are immutable).
    using kisoku::eval::Verdict;
    py::str const verdict_names[] = {py::str(kisoku::eval::name(Verdict::eligible)), py::str(kisoku::eval::name(Verdict::ineligible)),
                                     py::str(kisoku::eval::name(Verdict::undetermined)), py::str("error")};
    py::list verdicts(n), reasons(n), missing(n), errors(n), decisions(full ? n : 0);
    std::vector<std::pair<std::string, py::list>> amount_columns;
    // Per program met (one per fiscal year): where each of its amounts goes, and its conditions' labels.
    struct ProgramColumns {
        std::vector<std::size_t> amount_column;
        std::vector<std::string> labels;
    };
    std::vector<std::pair<kisoku::eval::Program const*, ProgramColumns>> programs_met;
    auto const columns_of = [&](kisoku::eval::Program const& p) -> ProgramColumns const& {
        for (auto const& [program, columns] : programs_met)
            if (program == &p) return columns;
        ProgramColumns columns;
        for (auto const a : p.amounts) {
            std::string const& name = p.globals[a].name;
            auto column = std::find_if(amount_columns.begin(), amount_columns.end(), [&](auto const& c) { return c.first == name; });
            if (column == amount_columns.end()) {
                py::list fresh(n);
                for (std::size_t j = 0; j < n; ++j) fresh[j] = py::none();
                amount_columns.emplace_back(name, fresh);
                column = amount_columns.end() - 1;
            }
            columns.amount_column.push_back(static_cast<std::size_t>(column - amount_columns.begin()));
        }
        for (auto const& block : p.eligibility)
            for (auto const& c : block.conditions) columns.labels.push_back(c.marker.empty() ? c.label : c.marker + " " + c.label);
        return programs_met.emplace_back(&p, std::move(columns)).second;
    };
    std::unordered_map<std::string, py::str> shared_texts;  // Reasons already made.
    auto const shared = [&](std::string const& text) -> py::str const& {
        auto found = shared_texts.find(text);
        if (found == shared_texts.end()) found = shared_texts.emplace(text, py::str(text)).first;
        return found->second;
    };
    py::str const no_reason("");
    // Amounts already made: whole ones (the common case) by value, without writing them as text;
    // others by their canonical text.
    std::unordered_map<std::int64_t, py::object> whole_amounts;
    std::unordered_map<std::string, py::object> other_amounts;
    auto const amount_object = [&](kisoku::Number const& v) -> py::object const& {
        if (v.is_small_integer()) {
            auto [found, fresh] = whole_amounts.try_emplace(v.small_numerator());
            if (fresh) found->second = exact(v.to_string());
            return found->second;
        }
        std::string text = v.to_string();
        auto [found, fresh] = other_amounts.try_emplace(text);
        if (fresh) found->second = exact(text);
        return found->second;
    };
    std::string text;
    for (std::size_t start = 0; start < n; start += chunk) {
        std::size_t const end = std::min(n, start + chunk);
        for (std::size_t i = start; i < end; ++i) {
            std::size_t const k = i - start;
            py::handle row = rows[i];
            texts[k].reset();
            programs[k] = nullptr;
            results[k].reset();
            if (PyUnicode_Check(row.ptr()) || PyBytes_Check(row.ptr())) {
                Py_ssize_t size = 0;
                char* data = nullptr;
                char const* utf8 = nullptr;
                if (PyBytes_Check(row.ptr())) {
                    if (PyBytes_AsStringAndSize(row.ptr(), &data, &size) == 0) utf8 = data;
                } else {
                    utf8 = PyUnicode_AsUTF8AndSize(row.ptr(), &size);
                }
                if (utf8) {
                    texts[k] = std::string_view(utf8, static_cast<std::size_t>(size));
                    continue;
                }
                PyErr_Clear();  // A str with lone surrogates: reported as the row's error.
                results[k].error = "$: the text is not valid Unicode (it holds a lone surrogate)\n";
                continue;
            }
            std::vector<InputError> errors;
            programs[k] = (**sessions[0]).bind_into(
                [&](ApplicationBuilder& b, kisoku::eval::Application& app) {
                    b.begin(app);
                    try {
                        feed.walk(b, row);
                    } catch (py::error_already_set const& e) {
                        b.syntax_error(e.what());
                    }
                    return b.finish();
                },
                apps[k], fiscal_year, errors);
            if (!programs[k]) results[k].error = errors_text(errors);
        }
        {
            py::gil_scoped_release release;
            std::vector<std::thread> pool;
            unsigned const used = static_cast<unsigned>(std::min<std::size_t>(workers, end - start));
            auto work = [&](unsigned t) {
                std::vector<InputError> errors;
                for (std::size_t i = start + t; i < end; i += used) {
                    std::size_t const k = i - start;
                    if (texts[k]) {
                        auto* evaluator = (**sessions[t]).run_json(*texts[k], errors, fiscal_year);
                        if (evaluator)
                            fill_row(results[k], *evaluator, full);
                        else
                            results[k].error = errors_text(errors);
                        continue;
                    }
                    if (!programs[k]) continue;
                    auto& evaluator = (**sessions[t]).evaluator_for(*programs[k]);
                    evaluator.run(apps[k]);
                    fill_row(results[k], evaluator, full);
                }
            };
            // The calling thread is one of the workers.
            for (unsigned t = 1; t < used; ++t) pool.emplace_back(work, t);
            work(0);
            for (auto& th : pool) th.join();
        }
        // The chunk's rows into the columns, with the GIL held again.
        for (std::size_t i = start; i < end; ++i) {
            RowResult const& r = results[i - start];
            verdicts[i] = verdict_names[r.verdict ? static_cast<std::size_t>(*r.verdict) : 3];
            text.clear();
            if (r.program) {
                ProgramColumns const& columns = columns_of(*r.program);
                for (std::size_t a = 0; a < r.amounts.size(); ++a)
                    if (r.amounts[a]) amount_columns[columns.amount_column[a]].second[i] = amount_object(*r.amounts[a]);
                for (auto const c : r.failed) (text.empty() ? text : text += "; ") += columns.labels[c];
            }
            reasons[i] = text.empty() ? no_reason : shared(text);
            py::list paths(r.missing.size());
            for (std::size_t j = 0; j < r.missing.size(); ++j) paths[j] = py::str(r.missing[j]);
            missing[i] = paths;
            errors[i] = r.error.empty() ? py::object(py::none()) : py::object(py::str(r.error));
            if (full) decisions[i] = r.decision_json.empty() ? py::object(py::none()) : py::object(py::str(r.decision_json));
        }
        if (!progress.is_none()) progress(end - start);
    }

    py::dict amounts;
    for (auto& [name, column] : amount_columns) amounts[py::str(name)] = column;
    py::dict out;
    out["verdict"] = verdicts;
    out["amounts"] = amounts;
    out["reasons"] = reasons;
    out["missing"] = missing;
    out["error"] = errors;
    if (full) out["decision"] = decisions;
    return out;
}

// (value text or None, error message)
py::tuple calc(std::string const& expression, bool display) {
    auto result = kisoku::calculate(expression, "<expression>", 1);
    if (result.value) return py::make_tuple(display ? result.value->to_display_string() : result.value->to_string(), py::none());
    std::string rendered;
    for (auto const& d : result.diagnostics) rendered += kisoku::render(d, *result.source, kisoku::Language::en);
    return py::make_tuple(py::none(), rendered);
}

}  // namespace

// Runs test files (kisoku test): hands each piece of the report to `write` as it comes, and returns
// (passed, failed, usage error). The GIL is released while cases run and taken back to write.
py::tuple run_tests(std::vector<std::string> const& paths, bool verbose, std::function<void(std::string const&)> const& write,
                    std::string const& lang) {
    kisoku::testing::RunSummary summary;
    {
        py::gil_scoped_release release;
        summary = kisoku::testing::run_paths(
            paths, verbose,
            [&](std::string_view text) {
                py::gil_scoped_acquire acquire;
                write(std::string(text));
            },
            language_of(lang));
    }
    return py::make_tuple(summary.passed, summary.failed, summary.usage_error);
}

PYBIND11_MODULE(_core, m) {
    m.doc() = "kisoku's C++ core (private: use the kisoku package)";
    m.attr("version") = kisoku::version;
    py::class_<HeldDecision>(m, "HeldDecision")
        .def("json", [](HeldDecision const& h) { return py::bytes(kisoku::eval::to_json_text(h.decision)); })
        .def(
            "text", [](HeldDecision const& h, std::string const& lang) { return kisoku::eval::to_text(h.decision, language_of(lang)); },
            py::arg("lang"));
    py::class_<Rules, std::shared_ptr<Rules>>(m, "Rules")
        .def("years", [](Rules const& r) {
            std::vector<int> years;
            for (auto const& p : r.rules.years) years.push_back(p->fiscal_year);
            return years;
        })
        .def("name", [](Rules const& r) { return r.rules.years.back()->name; })
        // The JSON Schema of the applications of a fiscal year (0: the latest), as JSON text.
        .def("input_schema",
             [](Rules const& r, int fiscal_year) {
                 auto const* p = r.rules.for_fiscal_year_or_latest(fiscal_year);
                 if (!p) throw py::value_error("no rules for fiscal year " + std::to_string(fiscal_year) + " (there are " + r.rules.describe_years() + ")");
                 return kisoku::eval::input_schema(*p).dump();
             })
        .def("title", [](Rules const& r) { return r.rules.years.back()->title; })
        .def(py::pickle(&rules_state, &rules_from_state))
        .def("compile_native", &compile_native, py::arg("cache"), py::arg("include_directories"), py::arg("compiler"), py::arg("timeout_seconds"), py::arg("lang"))
        // How many roots the compiled rules decided in the idle sessions (for the tests).
        .def("native_decided", [](Rules& r) {
            std::lock_guard lock(r.sessions->mutex);
            std::uint64_t decided = 0;
            for (auto& session : r.sessions->idle)
                for (auto const& year : r.rules.years) decided += session->evaluator_for(*year).native_decided();
            return decided;
        })
        .def("native_years", [](Rules const& r) {
            std::vector<int> years;
            for (auto const& p : r.rules.years)
                for (auto const& l : r.libraries)
                    if (l->rules().fingerprint == kisoku::eval::plan_fingerprint(*p)) years.push_back(p->fiscal_year);
            return years;
        })
        .def("with_parameter",
             [](Rules const& r, std::string const& name, std::string const& value) {
                 auto copy = std::make_shared<Rules>(r);
                 copy->sessions = std::make_shared<SessionPool>();
                 copy->parameters.emplace_back(name, value);
                 kisoku::Session session(copy->rules);
                 apply_parameters(session, *copy);
                 return copy;
             })
        .def("input_fields", [](Rules const& r) {
            py::list out;
            auto const& p = *r.rules.years.back();
            for (auto const& f : p.layouts[0].fields) {
                py::dict item;
                item["name"] = f.name;
                item["label"] = f.label;
                item["required"] = f.required;
                out.append(std::move(item));
            }
            return out;
        });
    // kisoku diff: two programs over the same applications (each application's report, then the counts).
    py::class_<kisoku::RulesDiff>(m, "RulesDiff")
        .def(py::init([](Rules const& before, Rules const& after, std::string const& lang) {
                 return std::make_unique<kisoku::RulesDiff>(before.rules, after.rules, language_of(lang));
             }),
             py::arg("before"), py::arg("after"), py::arg("lang") = "en", py::keep_alive<1, 2>(), py::keep_alive<1, 3>())
        .def("application",
             [](kisoku::RulesDiff& d, std::string const& text, std::string const& where) {
                 py::gil_scoped_release release;
                 return d.application(text, where);
             })
        .def("line", &kisoku::RulesDiff::line)
        .def("summary", &kisoku::RulesDiff::summary)
        .def("changed", &kisoku::RulesDiff::changed);
    m.def("load", &load, py::arg("path"), py::arg("text") = std::string(), py::arg("lang") = "en");
    m.def("evaluate", &evaluate, py::arg("rules"), py::arg("application"), py::arg("fiscal_year") = 0, py::arg("lang") = "en");
    m.def("evaluate_many", &evaluate_many, py::arg("rules"), py::arg("rows"), py::arg("fiscal_year") = 0, py::arg("threads") = 0,
          py::arg("lang") = "en", py::arg("full") = false, py::arg("progress") = py::none(), py::kw_only(), py::arg("exact"));
    m.def("run_tests", &run_tests, py::arg("paths"), py::arg("verbose"), py::arg("write"), py::arg("lang") = "en");
    m.def("calc", &calc, py::arg("expression"), py::arg("display") = false);
}
