// load_benchmark.cpp — the cost of loading a rule file: decoding, parsing and checking it.
//
// Two kinds of input are measured:
//   - realistic program files, read at run time from the source tree: the programs of the tests
//     (tests/check/valid/sample.kisoku, the file the goal of docs/performance.md is about, and
//     tests/check/valid/japanese.kisoku) and a shipped program (rules/ktq/dxlab/2025.kisoku);
//   - generated programs of increasing size (by default about 100, 1,000, 10,000 and 20,000 lines),
//     built in this process by a deterministic generator, so that the time per line shows whether
//     loading grows linearly with the size of a file.
//
// Every file is measured in four stages, each a benchmark named "<stage>/<file>":
//   decode  the baseline: decode_utf8 of the file's bytes, the least any loading must do;
//   parse   decoding and parsing (decode_utf8, SourceText, syntax::parse_file);
//   check   check_program alone, on the syntax tree parsed once beforehand;
//   load    check::load_text, the whole of loading: decode, parse and check.
// The items processed are the file's lines, so items_per_second is lines per second; the counters
// "lines" and "bytes" give the size of the file. benchmarks/report_load.py runs this binary and
// prints the tables of docs/performance.md.
//
// Every file must load clean (no error, no warning): a file with a diagnostic would stop the
// checker early or measure an error path, so the benchmark refuses to run on one. The generator
// uses every declaration it makes, and every kind of declaration: enums, categories, records, an
// input, scalar and table parameters, values whose formulas refer to earlier values, amounts with
// rounding, eligibility blocks with labelled conditions, checks, documents and notes.
//
// Options of this binary, besides Google Benchmark's own:
//   --kisoku_sizes=100,1000,...   the sizes (in lines, approximately) of the generated programs;
//   --kisoku_print_generated=N    print the generated program of about N lines and exit.

#include <kisoku/check/load.hpp>
#include <kisoku/diagnostic.hpp>
#include <kisoku/source.hpp>
#include <kisoku/syntax/parser.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#ifndef KISOKU_SOURCE_DIR
#error "KISOKU_SOURCE_DIR must name the source directory of kisoku (benchmarks/CMakeLists.txt defines it)"
#endif

namespace {

// ---------------------------------------------------------------------------------------------
// The generator.

// One section of a generated program: the rules of one part of a subsidy program, in the shape
// of tests/check/valid/sample.kisoku. Every name ends with the section's number k, so that all
// sections can live in one file. Values refer to values declared earlier in the section, and the
// running total 累計k to the one of the section before, so that dependencies also cross sections.
// Enum values are used bare (準備枠k), as members (経費区分k.備品費k), as table keys and in sets.
std::string section(std::size_t k) {
    std::string const n = std::to_string(k);
    std::string s;
    s += "# 第" + n + "節: 経費と助成額\n";
    s += "enum 枠" + n + " { 準備枠" + n + ", 実践枠" + n + ", 発展枠" + n + " }\n";
    s += "\n";
    s += "category 経費区分" + n + " [要領 p." + n + "] {\n";
    s += "  備品費" + n + "; 謝金" + n + "; 旅費" + n + "\n";
    s += "  委託費" + n + "; 印刷製本費" + n + "\n";
    s += "  食糧費" + n + " ineligible \"食糧費は助成対象外\" [要領 p." + n + "]\n";
    s += "}\n";
    s += "\n";
    s += "record 経費" + n + " { 区分: 経費区分" + n + "; 金額: yen; 支出日: date }\n";
    s += "record 構成員" + n + " { 名称: text; 法人: bool; 市内事業所: bool }\n";
    s += "\n";
    s += "param 上限額" + n + ": yen by 枠" + n + " [要領 p." + n + "] { 準備枠" + n + ": 20万円, 実践枠" + n +
         ": 30万円, 発展枠" + n + ": 50万円 }\n";
    s += "param 補助率" + n + ": number by 枠" + n + " [要領 p." + n + "] {\n";
    s += "  準備枠" + n + ": 1/2\n";
    s += "  実践枠" + n + ": 2/3\n";
    s += "  発展枠" + n + ": 3/4\n";
    s += "}\n";
    s += "param 下限額" + n + ": yen = 5万円\n";
    s += "param 法人数下限" + n + ": int = 3\n";
    s += "\n";
    s += "value 対象経費" + n + ": yen [要領 p." + n + "] =\n";
    s += "  sum(経費" + n + " where eligible(区分) and 支出日 in 2025-04-01 .. 2026-03-31, 金額)\n";
    s += "value 控除後経費" + n + ": yen = max(0円, 対象経費" + n + " - 収入" + n + " - 自主財源" + n + ")\n";
    s += "value 法人数" + n + ": int = count(構成員" + n + " where 法人)\n";
    s += "value 加算額" + n + ": yen = if 枠" + n + " == 発展枠" + n + " then 5万円 else 0円\n";
    s += "value 累計" + n + ": yen = " + (k > 1 ? "累計" + std::to_string(k - 1) + " + " : std::string()) + "助成額" + n +
         "\n";
    s += "\n";
    s += "amount 助成額" + n + ": yen [要領 p." + n + "] =\n";
    s += "  min(上限額" + n + "[枠" + n + "], 切り捨て(控除後経費" + n + " * 補助率" + n + "[枠" + n + "], 1000円) + 加算額" +
         n + ")\n";
    s += "\n";
    s += "eligibility 対象団体" + n + " [要領 p." + n + "] {\n";
    s += "  ① \"代表構成員は市内に事業所を有する法人\":\n";
    s += "     count(構成員" + n + " where 法人 and 市内事業所) >= 1\n";
    s += "  ② \"構成員は3法人以上\" [要領 p." + n + " ②] unless 枠" + n + " == 準備枠" + n + ":\n";
    s += "     法人数" + n + " >= 法人数下限" + n + "\n";
    s += "  ③ \"従業員は300人以下\" when 枠" + n + " in {実践枠" + n + ", 発展枠" + n + "}: 従業員数" + n + " <= 300\n";
    s += "  ④ \"対象経費が下限額以上\": 対象経費" + n + " >= 下限額" + n + "\n";
    s += "}\n";
    s += "\n";
    s += "check \"備品費は助成額の50%以内\" [要領 p." + n + "]: sum(経費" + n + " where 区分 == 備品費" + n +
         ", 金額) <= 助成額" + n + " * 50%\n";
    s += "check warning \"5万円を超える備品には見積書が必要\" [要領 p." + n + "]:\n";
    s += "  all(経費" + n + " where 区分 == 経費区分" + n + ".備品費" + n + " and 金額 > 5万円, false)\n";
    s += "document \"見積書（第" + n + "節）\" [要領 p." + n + "] when any(経費" + n + " where 区分 == 備品費" + n +
         " and 金額 > 5万円, true)\n";
    s += "note \"第" + n + "節の備品費の上限は、超えた場合に申請を差し戻す確認として扱う。\" [要領 p." + n + "]\n";
    s += "\n";
    return s;
}

// The input fields that section k reads.
std::string input_fields(std::size_t k) {
    std::string const n = std::to_string(k);
    std::string s;
    s += "  枠" + n + ": 枠" + n + " required\n";
    s += "  経費" + n + ": list<経費" + n + ">\n";
    s += "  構成員" + n + ": list<構成員" + n + ">\n";
    s += "  収入" + n + ": yen; 自主財源" + n + ": yen\n";
    s += "  従業員数" + n + ": int\n";
    return s;
}

std::size_t count_lines(std::string_view text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// A program of `sections` sections: a header, one input with the fields of every section, the
// sections, and a last check that uses the running total of the last section.
std::string generate_sections(std::size_t sections) {
    std::string text;
    text += "# A program generated for benchmarks/load_benchmark.cpp: " + std::to_string(sections) + " sections.\n";
    text += "program generated_load \"生成された助成金（ベンチマーク用）\" {\n";
    text += "  fiscal_year 令和7年度\n";
    text += "  period 2025-04-01 .. 2026-03-31\n";
    text += "  source 要領 \"募集要領（生成）\"\n";
    text += "}\n\n";
    text += "input 申請 {\n";
    for (std::size_t k = 1; k <= sections; ++k) text += input_fields(k);
    text += "}\n\n";
    for (std::size_t k = 1; k <= sections; ++k) text += section(k);
    text += "check \"助成額の累計は1億円以内\": 累計" + std::to_string(sections) + " <= 1億円\n";
    return text;
}

// The smallest generated program of at least `target_lines` lines (and at least one section).
std::string generate_program(std::size_t target_lines) {
    std::size_t const fixed = count_lines(generate_sections(1)) - count_lines(section(1)) - count_lines(input_fields(1));
    std::size_t const per_section = count_lines(section(1)) + count_lines(input_fields(1));
    std::size_t sections = target_lines > fixed ? (target_lines - fixed + per_section - 1) / per_section : 1;
    return generate_sections(std::max<std::size_t>(sections, 1));
}

// ---------------------------------------------------------------------------------------------
// The files measured.

struct File {
    std::string name;  // The benchmark's file part: "sample", "generated_1000".
    std::string utf8;
    std::size_t lines = 0;
};

std::string read_file(std::string const& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << "load_benchmark: cannot read " << path << "\n";
        std::exit(1);
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// Makes sure a file loads without any diagnostic, or exits with the diagnostics.
void require_clean(File const& file) {
    auto loaded = kisoku::check::load_text(file.name, file.utf8);
    if (loaded.diagnostics.empty() && loaded.program) return;
    std::cerr << "load_benchmark: " << file.name << " does not load clean; it would not measure real work:\n";
    for (auto const& d : loaded.diagnostics) std::cerr << kisoku::render(d, *loaded.source, kisoku::Language::en);
    std::exit(1);
}

File make_file(std::string name, std::string utf8) {
    File file{std::move(name), std::move(utf8), 0};
    file.lines = count_lines(file.utf8) + (!file.utf8.empty() && file.utf8.back() != '\n' ? 1 : 0);
    require_clean(file);
    return file;
}

void set_counters(benchmark::State& state, File const& file) {
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * file.lines));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * file.utf8.size()));
    state.counters["lines"] = static_cast<double>(file.lines);
    state.counters["bytes"] = static_cast<double>(file.utf8.size());
}

// ---------------------------------------------------------------------------------------------
// The stages.

void bench_decode(benchmark::State& state, File const* file) {
    for (auto _ : state) {
        auto decoded = kisoku::decode_utf8(file->utf8);
        benchmark::DoNotOptimize(decoded.text.data());
        benchmark::ClobberMemory();
    }
    set_counters(state, *file);
}

void bench_parse(benchmark::State& state, File const* file) {
    for (auto _ : state) {
        auto decoded = kisoku::decode_utf8(file->utf8);
        kisoku::SourceText source(file->name, std::move(decoded.text));
        auto parsed = kisoku::syntax::parse_file(source);
        if (!parsed.file) state.SkipWithError("the file did not parse");
        benchmark::DoNotOptimize(parsed);
    }
    set_counters(state, *file);
}

void bench_check(benchmark::State& state, File const* file) {
    kisoku::SourceText const source(file->name, kisoku::decode_utf8(file->utf8).text);
    auto const parsed = kisoku::syntax::parse_file(source);
    if (!parsed.file) {
        state.SkipWithError("the file did not parse");
        return;
    }
    for (auto _ : state) {
        auto checked = kisoku::check::check_program(*parsed.file);
        if (!checked.program) state.SkipWithError("the file did not check");
        benchmark::DoNotOptimize(checked);
    }
    set_counters(state, *file);
}

void bench_load(benchmark::State& state, File const* file) {
    for (auto _ : state) {
        auto loaded = kisoku::check::load_text(file->name, file->utf8);
        if (!loaded.program) state.SkipWithError("the file did not load");
        benchmark::DoNotOptimize(loaded);
    }
    set_counters(state, *file);
}

std::vector<std::size_t> parse_sizes(std::string_view list) {
    std::vector<std::size_t> sizes;
    while (!list.empty()) {
        auto comma = list.find(',');
        std::string item(list.substr(0, comma));
        if (!item.empty()) sizes.push_back(static_cast<std::size_t>(std::stoul(item)));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    }
    return sizes;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::size_t> sizes = {100, 1000, 10000, 20000};
    // Take this binary's own options out before Google Benchmark sees the command line.
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        std::string_view arg = argv[i];
        constexpr std::string_view sizes_flag = "--kisoku_sizes=", print_flag = "--kisoku_print_generated=";
        if (arg.substr(0, sizes_flag.size()) == sizes_flag) {
            sizes = parse_sizes(arg.substr(sizes_flag.size()));
        } else if (arg.substr(0, print_flag.size()) == print_flag) {
            std::cout << generate_program(std::stoul(std::string(arg.substr(print_flag.size()))));
            return 0;
        } else {
            args.push_back(argv[i]);
        }
    }
    int benchmark_argc = static_cast<int>(args.size());
    args.push_back(nullptr);
    benchmark::Initialize(&benchmark_argc, args.data());
    if (benchmark::ReportUnrecognizedArguments(benchmark_argc, args.data())) return 1;

    // The files live as long as the benchmarks; each is checked to load clean before any is run.
    std::vector<std::unique_ptr<File>> files;
    struct Realistic {
        char const* name;
        char const* path;  // Relative to the source directory.
    };
    static constexpr Realistic realistic[] = {
        {"sample", "tests/check/valid/sample.kisoku"},
        {"japanese", "tests/check/valid/japanese.kisoku"},
        {"dxlab_2025", "rules/ktq/dxlab/2025.kisoku"},
    };
    for (auto const& r : realistic)
        files.push_back(std::make_unique<File>(make_file(r.name, read_file(std::string(KISOKU_SOURCE_DIR) + "/" + r.path))));
    for (std::size_t size : sizes)
        files.push_back(std::make_unique<File>(make_file("generated_" + std::to_string(size), generate_program(size))));

    for (auto const& file : files) {
        File const* f = file.get();
        benchmark::RegisterBenchmark(("decode/" + f->name).c_str(), bench_decode, f);
        benchmark::RegisterBenchmark(("parse/" + f->name).c_str(), bench_parse, f);
        benchmark::RegisterBenchmark(("check/" + f->name).c_str(), bench_check, f);
        benchmark::RegisterBenchmark(("load/" + f->name).c_str(), bench_load, f);
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
