// bindings/python/module.cpp — kisoku._core, the private extension under the Python package.
//
// Thin by design: it converts Python values to binding events and C++ results to Python values,
// and releases the GIL while applications are evaluated. Every rule of the engine lives in the C++
// headers; the public API, its types and its errors are in python/kisoku.
#include "kisoku/calc.hpp"
#include "kisoku/rules.hpp"
#include "kisoku/testing.hpp"
#include "kisoku/version.hpp"

#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace py = pybind11;

namespace {

using kisoku::eval::ApplicationBuilder;
using kisoku::eval::InputError;

kisoku::Language language_of(std::string const& lang) { return lang == "en" ? kisoku::Language::en : kisoku::Language::ja; }

// Loaded rules and the parameters the caller supplied; shared by every evaluation from Python.
struct Rules {
    kisoku::Rules rules;
    std::vector<std::pair<std::string, std::string>> parameters;
};

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

void apply_parameters(kisoku::Session& session, Rules const& rules) {
    for (auto const& [name, value] : rules.parameters)
        if (auto error = session.set_parameter(name, value)) throw py::value_error(error->path + ": " + kisoku::eval::message(*error, kisoku::Language::en));
}

// Evaluates one application: JSON text (str or bytes), or a Python value walked into slots.
kisoku::EvaluationResult evaluate_one(Rules const& rules, py::object const& application, int fiscal_year) {
    kisoku::Session session(rules.rules);
    apply_parameters(session, rules);
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

// (decision JSON text or None, errors)
py::tuple evaluate(Rules const& rules, py::object application, int fiscal_year, std::string const& lang) {
    kisoku::EvaluationResult result = evaluate_one(rules, application, fiscal_year);
    if (!result.decision) return py::make_tuple(py::none(), errors_of(result.errors, lang));
    std::string json = kisoku::eval::to_json_text(*result.decision);
    return py::make_tuple(py::str(json), py::list());
}

// The compact result of one row of a batch.
struct RowResult {
    std::string verdict;  // eligible, ineligible, undetermined, error
    std::vector<std::pair<std::string, std::string>> amounts;
    std::vector<std::string> failed;   // Labels of failing conditions.
    std::vector<std::string> missing;  // Paths of missing inputs.
    std::string error;                 // Input errors, one per line.
    std::string decision_json;         // With full=True.
};

RowResult row_result(kisoku::eval::Evaluator& evaluator, bool full) {
    RowResult r;
    r.verdict = evaluator.ineligible() ? "ineligible" : evaluator.undetermined() ? "undetermined" : "eligible";
    auto const& p = evaluator.program();
    for (std::size_t a = 0; a < p.amounts.size(); ++a) {
        auto const& v = evaluator.amount(a);
        r.amounts.emplace_back(p.globals[p.amounts[a]].name, v.known() ? v.number.to_string() : std::string());
    }
    std::size_t index = 0;
    for (auto const& block : p.eligibility)
        for (auto const& c : block.conditions)
            if (evaluator.condition_outcome(index++) == kisoku::eval::Outcome::fail)
                r.failed.push_back(c.marker.empty() ? c.label : c.marker + " " + c.label);
    if (r.verdict == "undetermined" || full) {
        auto decision = kisoku::eval::decide(evaluator);
        for (auto const& m : decision.missing) r.missing.push_back(m.path);
        if (full) r.decision_json = kisoku::eval::to_json_text(decision);
    }
    return r;
}

// Evaluates rows: bound one after another with the GIL held (they are Python objects), then
// evaluated on `threads` threads with the GIL released. A row with input errors gets its errors
// and does not stop the others. `progress(n)` is called after each chunk with the rows done.
py::list evaluate_many(Rules const& rules, py::list rows, int fiscal_year, int threads, std::string const& lang, bool full,
                       py::object progress) {
    kisoku::Session session(rules.rules);
    apply_parameters(session, rules);
    PythonFeed feed;
    std::size_t const n = rows.size();
    unsigned const workers = threads > 0 ? static_cast<unsigned>(threads) : std::max(1u, std::thread::hardware_concurrency());
    std::size_t const chunk = 2048;
    std::vector<RowResult> results(n);
    std::vector<kisoku::eval::Application> apps(std::min(n, chunk));
    std::vector<kisoku::eval::Program const*> programs(std::min(n, chunk));
    auto const& years = rules.rules.years;
    // One evaluator per thread and fiscal year.
    std::vector<std::vector<std::unique_ptr<kisoku::eval::Evaluator>>> evaluators(workers);
    for (auto& per_thread : evaluators)
        for (auto const& p : years) per_thread.push_back(std::make_unique<kisoku::eval::Evaluator>(*p));
    for (std::size_t start = 0; start < n; start += chunk) {
        std::size_t const end = std::min(n, start + chunk);
        for (std::size_t i = start; i < end; ++i) {
            std::vector<InputError> errors;
            py::handle row = rows[i];
            programs[i - start] = session.bind_into(
                [&](ApplicationBuilder& b, kisoku::eval::Application& app) {
                    b.begin(app);
                    try {
                        if (py::isinstance<py::str>(row)) {
                            auto text = row.cast<std::string>();
                            return kisoku::eval::bind_json(b, std::string_view(text), app);
                        }
                        feed.walk(b, row);
                    } catch (py::error_already_set const& e) {
                        b.syntax_error(e.what());
                    }
                    return b.finish();
                },
                apps[i - start], fiscal_year, errors);
            if (!programs[i - start]) {
                results[i].verdict = "error";
                for (auto const& e : errors) results[i].error += e.path + ": " + kisoku::eval::message(e, language_of(lang)) + "\n";
            }
        }
        {
            py::gil_scoped_release release;
            std::vector<std::thread> pool;
            unsigned const used = static_cast<unsigned>(std::min<std::size_t>(workers, end - start));
            for (unsigned t = 0; t < used; ++t)
                pool.emplace_back([&, t] {
                    for (std::size_t i = start + t; i < end; i += used) {
                        auto const* p = programs[i - start];
                        if (!p) continue;
                        std::size_t y = 0;
                        while (years[y].get() != p) ++y;
                        auto& evaluator = *evaluators[t][y];
                        evaluator.run(apps[i - start]);
                        results[i] = row_result(evaluator, full);
                    }
                });
            for (auto& th : pool) th.join();
        }
        if (!progress.is_none()) progress(end - start);
    }
    py::list out;
    for (auto& r : results) {
        py::dict item;
        item["verdict"] = r.verdict;
        py::dict amounts;
        for (auto const& [name, value] : r.amounts) amounts[py::str(name)] = value.empty() ? py::object(py::none()) : py::object(py::str(value));
        item["amounts"] = amounts;
        item["failed"] = r.failed;
        item["missing"] = r.missing;
        item["error"] = r.error.empty() ? py::object(py::none()) : py::object(py::str(r.error));
        if (full) item["decision"] = r.decision_json.empty() ? py::object(py::none()) : py::object(py::str(r.decision_json));
        out.append(std::move(item));
    }
    return out;
}

std::string decision_text(Rules const& rules, py::object application, int fiscal_year, std::string const& lang) {
    kisoku::EvaluationResult result = evaluate_one(rules, application, fiscal_year);
    if (!result.decision) return kisoku::eval::to_text(result.errors, language_of(lang));
    return kisoku::eval::to_text(*result.decision, language_of(lang));
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
py::tuple run_tests(std::vector<std::string> const& paths, bool verbose, std::function<void(std::string const&)> const& write) {
    kisoku::testing::RunSummary summary;
    {
        py::gil_scoped_release release;
        summary = kisoku::testing::run_paths(paths, verbose, [&](std::string_view text) {
            py::gil_scoped_acquire acquire;
            write(std::string(text));
        });
    }
    return py::make_tuple(summary.passed, summary.failed, summary.usage_error);
}

PYBIND11_MODULE(_core, m) {
    m.doc() = "kisoku's C++ core (private: use the kisoku package)";
    m.attr("version") = kisoku::version;
    py::class_<Rules, std::shared_ptr<Rules>>(m, "Rules")
        .def("years", [](Rules const& r) {
            std::vector<int> years;
            for (auto const& p : r.rules.years) years.push_back(p->fiscal_year);
            return years;
        })
        .def("name", [](Rules const& r) { return r.rules.years.back()->name; })
        .def("title", [](Rules const& r) { return r.rules.years.back()->title; })
        .def("with_parameter",
             [](Rules const& r, std::string const& name, std::string const& value) {
                 auto copy = std::make_shared<Rules>(r);
                 copy->parameters.emplace_back(name, value);
                 kisoku::Session session(copy->rules);
                 if (auto error = session.set_parameter(name, value))
                     throw py::value_error(error->path + ": " + kisoku::eval::message(*error, kisoku::Language::en));
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
    m.def("load", &load, py::arg("path"), py::arg("text") = std::string(), py::arg("lang") = "en");
    m.def("evaluate", &evaluate, py::arg("rules"), py::arg("application"), py::arg("fiscal_year") = 0, py::arg("lang") = "en");
    m.def("evaluate_many", &evaluate_many, py::arg("rules"), py::arg("rows"), py::arg("fiscal_year") = 0, py::arg("threads") = 0,
          py::arg("lang") = "en", py::arg("full") = false, py::arg("progress") = py::none());
    m.def("decision_text", &decision_text, py::arg("rules"), py::arg("application"), py::arg("fiscal_year") = 0,
          py::arg("lang") = "ja");
    m.def("run_tests", &run_tests, py::arg("paths"), py::arg("verbose"), py::arg("write"));
    m.def("calc", &calc, py::arg("expression"), py::arg("display") = false);
}
