// eval_benchmark.cpp — the cost of evaluating applications against the DX LAB FY2025 rules.
//
// The rules are the shipped rules/ktq/dxlab/2025.kisoku, read at run time from the source tree.
// The applications are generated once from a fixed seed, in the shape of the program's input:
// 1 to 10 members (4 to 10 in the 実践枠, 1 to 6 in the 準備枠) and 1 to 20 expense lines; most
// of them eligible, some ineligible (a member of an antisocial group, too few corporations, an
// ineligible activity, …) and about one in ten incomplete (a declaration left out, a member's 法人
// given as null, an income or an expense date missing), so that the undetermined paths are
// measured too.
// Each application exists twice: as plain C++ structs and as the JSON text a portal would send.
//
// Every benchmark walks all the applications once per iteration, so that items_per_second is
// applications per second (benchmarks/report_eval.py turns it into microseconds per application):
//
//   handwritten  the baseline: the same DX LAB rules written by hand in C++ over the plain
//                structs (three-valued where the application is incomplete), verdict and amount;
//   bound        kisoku with the applications bound into slots beforehand (outside the timed
//                loop): Evaluator::run, then the verdict and the amount read;
//   bound_general  the same with the optimistic path turned off (Evaluator::set_optimistic):
//                the general path alone, for reference;
//   bound_native the same as bound, with the rules also compiled to C++ at build time
//                (`kisoku generate cpp`, Evaluator::set_native; built with the kisoku tool);
//   bound_loaded the same as bound, with the rules compiled to native code while this binary runs
//                (kisoku/eval/native_library.hpp: the same generated C++, compiled by the machine's
//                compiler into a shared library in --kisoku_native_cache and loaded);
//   json         kisoku from JSON text: bind_json into one reused Application, run, read;
//   json_native  the same as json, with the generated rules (built with the kisoku tool);
//   decision     Session::evaluate_json: binding, evaluation and a full Decision (every condition,
//                check, document, note and the explanation of the amount);
//   reader_null  kisoku's own JSON reader (kisoku/eval/json_reader.hpp, what bind_json reads with)
//                with a handler that does nothing: the part of the json row that is reading JSON;
//   sax_null     nlohmann/json's SAX parser with a handler that does nothing, for comparison (bind_json
//                falls back to it for escapes and errors);
//   dom          nlohmann::json::parse of the text into a DOM, for comparison.
//
// Before anything is timed, every application is decided by the hand-written function, by kisoku
// from JSON (bind_json + run) and by Session::evaluate_json; the program stops with the application
// and both answers if any verdict or amount differs. The benchmark therefore always compares two
// implementations of the same rules that agree on every application measured.
//
// Heap allocations are counted by replacing the global operator new and delete of this binary;
// every benchmark reports the counter "allocs_per_app" (allocations per application in the timed
// loop, after one warm-up pass over all the applications), and "bytes_per_app" (the average size
// of the JSON text).
//
// Options of this binary, besides Google Benchmark's own:
//   --kisoku_applications=N   how many applications to generate (default 256);
//   --kisoku_seed=S           the seed of the generator;
//   --kisoku_print=I          print application I as JSON, with what the hand-written rules decide, and exit;
//   --kisoku_print=all        print every application as one line of JSON (for `kisoku eval FILE.jsonl`) and exit;
//   --kisoku_native_cache=DIR where bound_loaded compiles the rules (default: native-cache in the build
//                             tree; reused by later runs); empty: bound_loaded is not run.

#include <kisoku/eval/native_library.hpp>
#include <kisoku/rules.hpp>

// The DX LAB FY2025 rules as C++, generated at build time by `kisoku generate cpp`.
#ifdef KISOKU_BENCH_NATIVE
#include "dxlab_2025_native.hpp"
#endif

#include <benchmark/benchmark.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <new>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#ifndef KISOKU_SOURCE_DIR
#error "KISOKU_SOURCE_DIR must name the source directory of kisoku (benchmarks/CMakeLists.txt defines it)"
#endif

// ---------------------------------------------------------------------------------------------
// Counting allocations: every global operator new of this binary (kisoku, nlohmann/json, Boost and
// the standard library all allocate through it) adds one to the counter.

namespace {
std::atomic<std::uint64_t> allocation_count{0};

void* counted_allocate(std::size_t size) {
    allocation_count.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(size == 0 ? 1 : size);
}
void* counted_allocate_aligned(std::size_t size, std::align_val_t alignment) {
    allocation_count.fetch_add(1, std::memory_order_relaxed);
    void* p = nullptr;
    std::size_t const a = std::max(static_cast<std::size_t>(alignment), sizeof(void*));
    return posix_memalign(&p, a, size == 0 ? 1 : size) == 0 ? p : nullptr;
}
}  // namespace

void* operator new(std::size_t size) {
    if (void* p = counted_allocate(size)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
    if (void* p = counted_allocate(size)) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t size, std::nothrow_t const&) noexcept { return counted_allocate(size); }
void* operator new[](std::size_t size, std::nothrow_t const&) noexcept { return counted_allocate(size); }
void* operator new(std::size_t size, std::align_val_t alignment) {
    if (void* p = counted_allocate_aligned(size, alignment)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
    if (void* p = counted_allocate_aligned(size, alignment)) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t size, std::align_val_t alignment, std::nothrow_t const&) noexcept {
    return counted_allocate_aligned(size, alignment);
}
void* operator new[](std::size_t size, std::align_val_t alignment, std::nothrow_t const&) noexcept {
    return counted_allocate_aligned(size, alignment);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::nothrow_t const&) noexcept { std::free(p); }
void operator delete[](void* p, std::nothrow_t const&) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t, std::nothrow_t const&) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t, std::nothrow_t const&) noexcept { std::free(p); }

namespace {

// ---------------------------------------------------------------------------------------------
// The applications as plain structs.

// A declaration as the applicant gave it: false, true, or not given.
enum class Tri : std::int8_t { no = 0, yes = 1, unknown = -1 };

Tri t_not(Tri a) { return a == Tri::unknown ? Tri::unknown : a == Tri::yes ? Tri::no : Tri::yes; }
Tri t_and(Tri a, Tri b) {
    if (a == Tri::no || b == Tri::no) return Tri::no;
    return a == Tri::yes && b == Tri::yes ? Tri::yes : Tri::unknown;
}
Tri t_or(Tri a, Tri b) {
    if (a == Tri::yes || b == Tri::yes) return Tri::yes;
    return a == Tri::no && b == Tri::no ? Tri::no : Tri::unknown;
}
Tri t_bool(bool b) { return b ? Tri::yes : Tri::no; }

enum class ActivityKind : std::uint8_t { preparation, practice };             // 活動種別
enum class Establishment : std::uint8_t { planned, established };             // 設立状況
enum class Bylaws : std::uint8_t { final_version, draft, none };              // 規約の状態
enum class Issue : std::uint8_t { industry_common, non_competitive, own_company };  // 課題の類型
enum class ExpenseKind : std::uint8_t { equipment, rent, other, food, labour };    // 経費区分

struct Member {  // 構成員
    std::string name;
    Tri corporation = Tri::yes;   // 法人
    Tri in_city = Tri::yes;       // 市内事業所
    Tri pledge = Tri::no;         // 事業所設置誓約
    Tri planning = Tri::yes;      // 企画運営
    Tri active = Tri::yes;        // 活動会員
    Tri registered = Tri::yes;    // プラットフォーム登録済
    Tri antisocial = Tri::no;     // 暴力団等
};

struct Expense {  // 経費
    ExpenseKind kind = ExpenseKind::other;
    std::string description;
    std::int64_t amount = 0;
    std::optional<std::int32_t> date;  // Days since 1970-01-01.
    bool amount_as_text = false;       // Written "15,000円" in the JSON, as the sample does.
};

struct PlainApplication {  // 申請
    std::int32_t application_date = 0;
    ActivityKind kind = ActivityKind::practice;
    std::string group_name;
    Establishment establishment = Establishment::established;
    Member representative;
    std::vector<Member> members;
    Bylaws bylaws = Bylaws::final_version;
    Tri continuing = Tri::yes, plan = Tri::yes, accounting = Tri::yes, reporting = Tri::yes;
    Tri religious_political = Tri::no, other_public_funding = Tri::no;
    Tri in_kitakyushu = Tri::yes, co_creation = Tri::yes;
    Issue issue = Issue::industry_common;
    Tri social_only = Tri::no, product_pr_only = Tri::no;
    std::vector<Expense> expenses;
    std::optional<std::int64_t> fees = 0, donations = 0, own_funds = 0;
    Tri significance = Tri::yes, co_creativity = Tri::yes, self_sustaining = Tri::yes;
};

enum class Verdict : std::uint8_t { eligible, ineligible, undetermined };

[[noreturn]] void fail(std::string const& what) {
    std::cerr << "kisoku-bench-eval: " << what << '\n';
    std::exit(1);
}


// The checks and the conditional documents of the rule file, found by their labels (by a part of
// each label) so that the order of declarations does not matter.
constexpr std::string_view kCheckLabels[] = {"代表構成員が団体構成員の一覧", "対象期間外の支出", "食糧費・労務費",
                                             "備品費の占める割合", "① 有意性", "② 共創性", "③ 自走性"};
constexpr std::string_view kDocumentLabels[] = {"見積書", "誓約書", "団体規約（確定版）"};
constexpr std::size_t kChecks = std::size(kCheckLabels), kDocuments = std::size(kDocumentLabels);

// What Evaluator::run computes: the verdict, the amount, whether each check holds, and whether
// each conditional document is required.
struct PlainResult {
    Verdict verdict = Verdict::undetermined;
    std::optional<std::int64_t> amount;
    Tri checks[kChecks] = {};
    Tri documents[kDocuments] = {};
    friend bool operator==(PlainResult const&, PlainResult const&) = default;
};

char tri_char(Tri t) { return t == Tri::yes ? 'T' : t == Tri::no ? 'F' : '?'; }

std::string describe(PlainResult const& r) {
    std::string v = r.verdict == Verdict::eligible ? "eligible" : r.verdict == Verdict::ineligible ? "ineligible" : "undetermined";
    v += ", 助成額 " + (r.amount ? std::to_string(*r.amount) : std::string("unknown")) + ", checks ";
    for (Tri t : r.checks) v += tri_char(t);
    v += ", documents ";
    for (Tri t : r.documents) v += tri_char(t);
    return v;
}

// ---------------------------------------------------------------------------------------------
// The baseline: the DX LAB FY2025 rules written by hand, as a developer would write them without
// a rules engine, for the same three-valued answers as kisoku on incomplete applications.

constexpr std::int32_t kPeriodFirst = 20179;  // 2025-04-01
constexpr std::int32_t kPeriodLast = 20543;   // 2026-03-31

// Accumulates the conditions of an all-of eligibility block.
struct Block {
    bool fail = false, unknown = false;
    void add(Tri t) {
        fail = fail || t == Tri::no;
        unknown = unknown || t == Tri::unknown;
    }
};

// count(list where …) >= 3, with `sure` items certainly counted and `maybe` more possibly.
Tri at_least_three(int sure, int maybe) { return sure >= 3 ? Tri::yes : sure + maybe < 3 ? Tri::no : Tri::unknown; }

PlainResult evaluate_by_hand(PlainApplication const& a) {
    // 対象活動 [deck p.23]
    Block activity;
    activity.add(a.in_kitakyushu);
    activity.add(a.co_creation);
    activity.add(t_bool(a.issue == Issue::industry_common || a.issue == Issue::non_competitive));
    activity.add(t_not(a.social_only));
    activity.add(t_not(a.product_pr_only));

    // 対象団体 [deck p.25]
    Block group;
    group.add(a.continuing);
    Member const& rep = a.representative;
    group.add(t_and(rep.corporation, t_or(rep.in_city, rep.pledge)));  // ①
    if (a.kind != ActivityKind::preparation) {                           // ② unless DX共創準備枠
        int corporations = 0, maybe_corporations = 0, planners = 0, maybe_planners = 0;
        for (Member const& m : a.members) {
            corporations += m.corporation == Tri::yes;
            maybe_corporations += m.corporation == Tri::unknown;
            planners += m.planning == Tri::yes;
            maybe_planners += m.planning == Tri::unknown;
        }
        group.add(t_and(at_least_three(corporations, maybe_corporations), at_least_three(planners, maybe_planners)));
    }
    {  // ③ the active members that are corporations outside the city must be registered too
        bool counterexample = false, possible = false;
        for (Member const& m : a.members) {
            Tri const outside = t_and(t_and(m.active, m.corporation), t_not(m.in_city));
            if (outside == Tri::no) continue;
            bool const counter = m.registered == Tri::no;
            if (counter && outside == Tri::yes) {
                counterexample = true;
                break;
            }
            if (counter || m.registered == Tri::unknown) possible = true;
        }
        Tri const others = counterexample ? Tri::no : possible ? Tri::unknown : Tri::yes;
        group.add(t_and(rep.registered, others));
    }
    group.add(t_bool(a.bylaws == Bylaws::final_version ||
                     (a.bylaws == Bylaws::draft && a.establishment == Establishment::planned)));  // ④
    group.add(t_and(t_and(a.plan, a.accounting), a.reporting));                                // ⑤
    group.add(t_not(a.religious_political));                                                   // ⑥
    {                                                                                          // ⑦
        Tri any_antisocial = Tri::no;
        for (Member const& m : a.members) {
            if (m.antisocial == Tri::yes) {
                any_antisocial = Tri::yes;
                break;
            }
            if (m.antisocial == Tri::unknown) any_antisocial = Tri::unknown;
        }
        group.add(t_and(t_not(rep.antisocial), t_not(any_antisocial)));
    }
    group.add(t_not(a.other_public_funding));  // ⑧
    {                                          // not individuals only
        Tri any_corporation = Tri::no;
        for (Member const& m : a.members) {
            if (m.corporation == Tri::yes) {
                any_corporation = Tri::yes;
                break;
            }
            if (m.corporation == Tri::unknown) any_corporation = Tri::unknown;
        }
        group.add(any_corporation);
    }

    PlainResult r;
    bool const fail = activity.fail || group.fail;
    bool const unknown = activity.unknown || group.unknown;
    r.verdict = fail ? Verdict::ineligible : unknown ? Verdict::undetermined : Verdict::eligible;

    // 助成額 [deck p.26]: the eligible expenses within the period, less income and own funds, capped.
    std::int64_t spending = 0;
    bool spending_known = true;
    for (Expense const& e : a.expenses) {
        bool const eligible = e.kind != ExpenseKind::food && e.kind != ExpenseKind::labour;
        if (!eligible) continue;
        if (!e.date) {
            // Whether it counts is unknown; it changes the total unless it is 0円.
            if (e.amount != 0) spending_known = false;
            continue;
        }
        if (*e.date >= kPeriodFirst && *e.date <= kPeriodLast) spending += e.amount;
    }
    if (spending_known && a.fees && a.donations && a.own_funds) {
        std::int64_t const base = std::max<std::int64_t>(0, spending - (*a.fees + *a.donations) - *a.own_funds);
        std::int64_t const cap = a.kind == ActivityKind::preparation ? 200000 : 300000;
        r.amount = std::min(cap, base);  // 助成率 1/1
    }

    // Checks: the representative among the members (by name); every expense within the period; no
    // ineligible expense; equipment at most 50% of the grant; the three review criteria.
    Tri listed = Tri::no;
    for (Member const& m : a.members)
        if (m.name == rep.name) {
            listed = Tri::yes;
            break;
        }
    Tri all_in_period = Tri::yes, all_eligible = Tri::yes;
    std::int64_t equipment = 0;
    bool equipment_known = true;
    Tri quotation = Tri::no;  // 見積書: an equipment purchase above 5万円
    for (Expense const& e : a.expenses) {
        if (all_in_period != Tri::no)
            all_in_period = !e.date ? Tri::unknown : (*e.date >= kPeriodFirst && *e.date <= kPeriodLast) ? all_in_period : Tri::no;
        if (e.kind == ExpenseKind::food || e.kind == ExpenseKind::labour) all_eligible = Tri::no;
        if (e.kind == ExpenseKind::equipment) {
            if (!e.date) {
                if (e.amount != 0) equipment_known = false;
            } else if (*e.date >= kPeriodFirst && *e.date <= kPeriodLast) {
                equipment += e.amount;
            }
            if (e.amount > 50000) quotation = Tri::yes;
        }
    }
    r.checks[0] = listed;
    r.checks[1] = all_in_period;
    r.checks[2] = all_eligible;
    r.checks[3] = equipment_known && r.amount ? t_bool(2 * equipment <= *r.amount) : Tri::unknown;  // <= 助成額 * 50%
    r.checks[4] = a.significance;
    r.checks[5] = a.co_creativity;
    r.checks[6] = a.self_sustaining;
    r.documents[0] = quotation;
    r.documents[1] = t_not(rep.in_city);  // 誓約書
    r.documents[2] = t_bool(a.bylaws == Bylaws::draft);  // 団体規約（確定版）
    return r;
}

// ---------------------------------------------------------------------------------------------
// The generator.

class Random {
public:
    explicit Random(std::uint64_t seed) : engine_(seed) {}
    // An integer in [low, high], the same on every platform (no std:: distribution).
    std::int64_t between(std::int64_t low, std::int64_t high) {
        return low + static_cast<std::int64_t>(engine_() % static_cast<std::uint64_t>(high - low + 1));
    }
    // True with probability per_mille / 1000.
    bool chance(int per_mille) { return between(0, 999) < per_mille; }
    template <typename T>
    T const& pick(std::vector<T> const& v) { return v[static_cast<std::size_t>(between(0, static_cast<std::int64_t>(v.size()) - 1))]; }

private:
    std::mt19937_64 engine_;
};

std::vector<std::string> const kSurnames = {"紫川", "旦過", "魚町", "小倉", "門司", "戸畑", "若松", "八幡", "黒崎",
                                            "折尾", "曽根", "響灘", "皿倉", "平尾台", "到津", "足立", "城野", "長浜"};
std::vector<std::string> const kCompanyForms = {"株式会社{}ソフト", "有限会社{}印刷", "{}商店会協同組合", "株式会社{}製作所",
                                                "{}データラボ株式会社", "一般社団法人{}まちづくり", "{}運輸株式会社"};
std::vector<std::string> const kGivenNames = {"花子", "太郎", "一郎", "陽菜", "大翔", "結衣"};
std::vector<std::string> const kDescriptions = {
    "タブレット端末", "会議室使用料", "ワークショップ講師謝金", "成果報告会チラシ印刷", "交流会の軽食",
    "クラウドサービス利用料", "センサー機器一式", "イベント会場使用料", "データ分析ツール", "記録用カメラ",
    "アンケート集計作業", "ウェブサイト制作費"};

std::string fill(std::string const& form, std::string const& name) {
    auto at = form.find("{}");
    return form.substr(0, at) + name + form.substr(at + 2);
}

Member random_member(Random& r, bool representative) {
    Member m;
    m.corporation = t_bool(representative ? r.chance(985) : r.chance(880));
    m.name = m.corporation == Tri::yes ? fill(r.pick(kCompanyForms), r.pick(kSurnames)) : r.pick(kSurnames) + r.pick(kGivenNames);
    m.in_city = t_bool(representative ? r.chance(930) : r.chance(800));
    m.pledge = t_bool(m.in_city == Tri::no && r.chance(representative ? 800 : 300));
    m.planning = t_bool(representative || r.chance(850));
    m.active = t_bool(representative || r.chance(800));
    m.registered = t_bool(representative ? r.chance(985) : r.chance(960));
    m.antisocial = t_bool(r.chance(4));
    return m;
}

PlainApplication random_application(Random& r) {
    PlainApplication a;
    a.application_date = kPeriodFirst + static_cast<std::int32_t>(r.between(14, 120));
    a.kind = r.chance(450) ? ActivityKind::preparation : ActivityKind::practice;
    a.group_name = r.pick(kSurnames) + "DX研究会";
    a.establishment = r.chance(700) ? Establishment::established : Establishment::planned;
    // A group in the 実践枠 needs three corporations; most have them.
    auto const members = a.kind == ActivityKind::practice ? r.between(4, 10) : r.between(1, 6);
    for (std::int64_t i = 0; i < members; ++i) a.members.push_back(random_member(r, i == 0));
    a.representative = a.members.front();  // The list of members includes the representative.
    // A draft constitution is enough only for a group still to be established.
    int const bylaws = static_cast<int>(r.between(0, 99));
    if (a.establishment == Establishment::established)
        a.bylaws = bylaws < 95 ? Bylaws::final_version : bylaws < 98 ? Bylaws::draft : Bylaws::none;
    else
        a.bylaws = bylaws < 20 ? Bylaws::final_version : bylaws < 98 ? Bylaws::draft : Bylaws::none;
    // Declarations: nearly always the answer that qualifies.
    a.continuing = t_bool(r.chance(985));
    a.plan = t_bool(r.chance(995));
    a.accounting = t_bool(r.chance(995));
    a.reporting = t_bool(r.chance(995));
    a.religious_political = t_bool(r.chance(5));
    a.other_public_funding = t_bool(r.chance(10));
    a.in_kitakyushu = t_bool(r.chance(985));
    a.co_creation = t_bool(r.chance(985));
    int const issue = static_cast<int>(r.between(0, 99));
    a.issue = issue < 50 ? Issue::industry_common : issue < 98 ? Issue::non_competitive : Issue::own_company;
    a.social_only = t_bool(r.chance(10));
    a.product_pr_only = t_bool(r.chance(10));
    auto const lines = r.between(1, 20);
    for (std::int64_t i = 0; i < lines; ++i) {
        Expense e;
        int const kind = static_cast<int>(r.between(0, 99));
        e.kind = kind < 20 ? ExpenseKind::equipment : kind < 40 ? ExpenseKind::rent : kind < 85 ? ExpenseKind::other
               : kind < 95 ? ExpenseKind::food : ExpenseKind::labour;
        e.description = r.pick(kDescriptions);
        e.amount = r.chance(600) ? r.between(1, 150) * 1000 : r.between(500, 120000);
        e.date = r.chance(950) ? kPeriodFirst + static_cast<std::int32_t>(r.between(30, 364))
                               : kPeriodLast + static_cast<std::int32_t>(r.between(1, 60));  // After the period.
        e.amount_as_text = r.chance(50);
        a.expenses.push_back(e);
    }
    a.fees = r.chance(500) ? 0 : r.between(1, 60) * 1000;
    a.donations = r.chance(800) ? 0 : r.between(1, 30) * 1000;
    a.own_funds = r.chance(600) ? 0 : r.between(1, 100) * 1000;
    a.significance = t_bool(r.chance(970));
    a.co_creativity = t_bool(r.chance(970));
    a.self_sustaining = t_bool(r.chance(950));

    // About one application in ten is incomplete: one to three things not given yet.
    if (r.chance(100)) {
        auto const gaps = r.between(1, 3);
        for (std::int64_t g = 0; g < gaps; ++g) {
            switch (r.between(0, 5)) {
                case 0: a.continuing = Tri::unknown; break;
                case 1: a.other_public_funding = Tri::unknown; break;
                case 2: a.members[static_cast<std::size_t>(r.between(0, members - 1))].corporation = Tri::unknown; break;
                case 3: a.members[static_cast<std::size_t>(r.between(0, members - 1))].registered = Tri::unknown; break;
                case 4: a.fees.reset(); break;
                default: a.expenses[static_cast<std::size_t>(r.between(0, lines - 1))].date.reset(); break;
            }
        }
    }
    return a;
}

// The application as JSON text, its keys in the order of the input declaration. What is not
// given is left out, or written as null (half of the time each).
class JsonWriter {
public:
    explicit JsonWriter(Random& r) : r_(r) {}

    std::string write(PlainApplication const& a) {
        out_.clear();
        out_ += '{';
        first_ = true;
        key("申請日");
        date(a.application_date);
        key("活動種別");
        text(a.kind == ActivityKind::preparation ? "DX共創準備枠" : "DX共創実践枠");
        key("団体名称");
        text(a.group_name);
        key("設立状況");
        text(a.establishment == Establishment::planned ? "新設予定" : "設立済");
        key("代表構成員");
        member(a.representative);
        key("構成員");
        out_ += '[';
        for (std::size_t i = 0; i < a.members.size(); ++i) {
            if (i) out_ += ',';
            member(a.members[i]);
        }
        out_ += ']';
        key("団体規約");
        text(a.bylaws == Bylaws::final_version ? "確定" : a.bylaws == Bylaws::draft ? "案" : "なし");
        declaration("活動継続見込", a.continuing);
        declaration("活動計画あり", a.plan);
        declaration("経費管理体制", a.accounting);
        declaration("活動記録報告体制", a.reporting);
        declaration("宗教政治目的", a.religious_political);
        declaration("今年度の他の公的助成委託", a.other_public_funding);
        declaration("主な活動場所が北九州地域", a.in_kitakyushu);
        declaration("他者との共創によるDX活動", a.co_creation);
        key("課題の類型");
        text(a.issue == Issue::industry_common ? "業界共通課題の解決" : a.issue == Issue::non_competitive ? "非競争領域のノウハウ共有"
                                                                                                   : "自社固有課題の解決");
        declaration("親睦交流のみ", a.social_only);
        declaration("自社製品紹介にとどまる", a.product_pr_only);
        key("経費");
        out_ += '[';
        for (std::size_t i = 0; i < a.expenses.size(); ++i) {
            if (i) out_ += ',';
            expense(a.expenses[i]);
        }
        out_ += ']';
        yen("外部参加費収入", a.fees);
        yen("寄付金収入", a.donations);
        yen("自主財源", a.own_funds);
        declaration("有意性あり", a.significance);
        declaration("共創性あり", a.co_creativity);
        declaration("自走性あり", a.self_sustaining);
        out_ += '}';
        return out_;
    }

private:
    void key(std::string_view k) {
        if (!first_) out_ += ',';
        first_ = false;
        out_ += '"';
        out_ += k;
        out_ += "\":";
    }
    void text(std::string_view t) {
        out_ += '"';
        out_ += t;
        out_ += '"';
    }
    void date(std::int32_t days) { text(kisoku::Date(days).to_string()); }
    // A declaration: true, false, or (not given) left out or null.
    void declaration(std::string_view k, Tri t) {
        if (t == Tri::unknown && r_.chance(500)) return;
        key(k);
        out_ += t == Tri::yes ? "true" : t == Tri::no ? "false" : "null";
    }
    void yen(std::string_view k, std::optional<std::int64_t> v) {
        if (!v && r_.chance(500)) return;
        key(k);
        out_ += v ? std::to_string(*v) : "null";
    }
    void member(Member const& m) {
        bool const saved = first_;
        out_ += '{';
        first_ = true;
        key("名称");
        text(m.name);
        declaration("法人", m.corporation);
        declaration("市内事業所", m.in_city);
        declaration("事業所設置誓約", m.pledge);
        declaration("企画運営", m.planning);
        declaration("活動会員", m.active);
        declaration("プラットフォーム登録済", m.registered);
        declaration("暴力団等", m.antisocial);
        out_ += '}';
        first_ = saved;
    }
    void expense(Expense const& e) {
        static constexpr std::string_view kinds[] = {"備品費", "賃借料", "その他活動経費", "食糧費", "労務費"};
        bool const saved = first_;
        out_ += '{';
        first_ = true;
        key("区分");
        text(kinds[static_cast<int>(e.kind)]);
        key("内容");
        text(e.description);
        key("金額");
        if (e.amount_as_text)
            text(kisoku::Number(e.amount).to_display_string() + "円");
        else
            out_ += std::to_string(e.amount);
        if (e.date || r_.chance(500)) {
            key("支出日");
            if (e.date)
                date(*e.date);
            else
                out_ += "null";
        }
        out_ += '}';
        first_ = saved;
    }

    Random& r_;
    std::string out_;
    bool first_ = true;
};

// ---------------------------------------------------------------------------------------------
// The workload, and kisoku's answers read the way each benchmark reads them.

struct Workload {
    kisoku::Rules rules;
    std::vector<PlainApplication> plain;
    std::vector<std::string> json;
    double bytes_per_application = 0;
};
Workload* workload = nullptr;

kisoku::eval::Program const& program() { return *workload->rules.years.front(); }

Tri tri_of(kisoku::eval::Value const& v) { return !v.known() ? Tri::unknown : t_bool(v.word != 0); }

// Where the checks and documents of kCheckLabels and kDocumentLabels are in the program.
std::size_t check_index[kChecks], document_index[kDocuments];

std::size_t find_label(std::vector<std::string> const& labels, std::string_view part, char const* what) {
    std::size_t found = labels.size();
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (labels[i].find(part) != std::string::npos) {
            if (found != labels.size()) fail(std::string("two ") + what + "s of the rules match '" + std::string(part) + "'");
            found = i;
        }
    if (found == labels.size())
        fail(std::string("the rules have no ") + what + " '" + std::string(part) + "': the hand-written rules must follow them");
    return found;
}

// Finds the checks and documents the hand-written rules compute, and stops when the rules have a
// check or a conditional document those do not compute.
void locate_checks_and_documents(kisoku::eval::Program const& p) {
    std::vector<std::string> checks, documents;
    for (auto const& c : p.checks) checks.push_back(c.label);
    for (auto const& d : p.documents) documents.push_back(d.label);
    for (std::size_t c = 0; c < kChecks; ++c) check_index[c] = find_label(checks, kCheckLabels[c], "check");
    for (std::size_t d = 0; d < kDocuments; ++d) document_index[d] = find_label(documents, kDocumentLabels[d], "document");
    std::size_t conditional = 0;
    for (auto const& d : p.documents) conditional += d.conditional;
    if (checks.size() != kChecks || conditional != kDocuments)
        fail("the rules have " + std::to_string(checks.size()) + " checks and " + std::to_string(conditional) +
             " conditional documents; the hand-written rules compute " + std::to_string(kChecks) + " and " +
             std::to_string(kDocuments));
}

PlainResult result_of(kisoku::eval::Evaluator& e) {
    PlainResult r;
    r.verdict = e.ineligible() ? Verdict::ineligible : e.undetermined() ? Verdict::undetermined : Verdict::eligible;
    kisoku::eval::Value const& amount = e.amount(0);
    if (amount.known()) r.amount = amount.number().small_numerator();
    for (std::size_t c = 0; c < kChecks; ++c) r.checks[c] = tri_of(e.check_result(check_index[c]));
    for (std::size_t d = 0; d < kDocuments; ++d) r.documents[d] = tri_of(e.document_result(document_index[d]));
    return r;
}

PlainResult result_of(kisoku::eval::Decision const& d) {
    using kisoku::eval::CheckStatus;
    PlainResult r;
    r.verdict = d.verdict == kisoku::eval::Verdict::ineligible     ? Verdict::ineligible
                : d.verdict == kisoku::eval::Verdict::undetermined ? Verdict::undetermined
                                                                    : Verdict::eligible;
    if (d.amounts.front().value) r.amount = d.amounts.front().value->small_numerator();
    for (std::size_t c = 0; c < kChecks; ++c) {
        auto const status = d.checks[check_index[c]].status;
        r.checks[c] = status == CheckStatus::unknown ? Tri::unknown : t_bool(status == CheckStatus::passed);
    }
    // A Decision lists the documents required (certainly or possibly), in declaration order.
    auto const& program = *workload->rules.years.front();
    for (std::size_t k = 0; k < kDocuments; ++k) {
        r.documents[k] = Tri::no;
        for (auto const& doc : d.documents)
            if (doc.label == program.documents[document_index[k]].label) r.documents[k] = doc.certain ? Tri::yes : Tri::unknown;
    }
    return r;
}

// The rules compiled to C++ at build time, or null when the kisoku tool was not built to generate them.
kisoku::eval::NativeRules const* built_rules() {
#ifdef KISOKU_BENCH_NATIVE
    return &kisoku_bench::dxlab2025::rules;
#else
    return nullptr;
#endif
}

// The rules compiled while this binary runs (bound_loaded), or null when it was asked not to.
std::shared_ptr<kisoku::eval::NativeLibrary const> loaded_library;

// Gives `evaluator` generated rules (none when null); stops if it refuses them (they were
// generated from another version of the rule file).
void use_native(kisoku::eval::Evaluator& evaluator, kisoku::eval::NativeRules const* rules) {
    if (rules && !evaluator.set_native(rules))
        fail("the generated rules do not match rules/ktq/dxlab/2025.kisoku: rebuild the benchmark");
}

// Every application gives the same verdict and amount by hand, through bind_json + run, and
// through Session::evaluate_json; otherwise the program stops.
void verify(Workload const& w) {
    kisoku::eval::ApplicationBuilder builder(program());
    kisoku::eval::Application app;
    kisoku::eval::Evaluator evaluator(program()), general(program()), native(program()), loaded(program());
    general.set_optimistic(false);
    use_native(native, built_rules());
    use_native(loaded, loaded_library ? &loaded_library->rules() : nullptr);
    kisoku::Session session(w.rules);
    std::size_t counts[3] = {0, 0, 0}, unknown_amounts = 0;
    for (std::size_t i = 0; i < w.plain.size(); ++i) {
        PlainResult const expected = evaluate_by_hand(w.plain[i]);
        auto errors = kisoku::eval::bind_json(builder, w.json[i], app);
        if (!errors.empty())
            fail("application " + std::to_string(i) + " has input errors: " + kisoku::eval::to_text(errors, kisoku::Language::en) +
                 w.json[i]);
        evaluator.run(app);
        PlainResult const bound = result_of(evaluator);
        general.run(app);
        if (!(result_of(general) == bound))
            fail("application " + std::to_string(i) + ": the general path decides differently: " + describe(result_of(general)) +
                 " against " + describe(bound) + "\n" + w.json[i]);
        native.run(app);
        if (!(result_of(native) == bound))
            fail("application " + std::to_string(i) + ": the generated rules decide differently: " + describe(result_of(native)) +
                 " against " + describe(bound) + "\n" + w.json[i]);
        loaded.run(app);
        if (!(result_of(loaded) == bound))
            fail("application " + std::to_string(i) + ": the rules compiled at run time decide differently: " +
                 describe(result_of(loaded)) + " against " + describe(bound) + "\n" + w.json[i]);
        auto evaluated = session.evaluate_json(w.json[i]);
        if (!evaluated.decision) fail("application " + std::to_string(i) + ": evaluate_json gave no decision\n" + w.json[i]);
        PlainResult const decided = result_of(*evaluated.decision);
        if (!(bound == expected) || !(decided == expected))
            fail("application " + std::to_string(i) + " is decided differently:\n  by hand:       " + describe(expected) +
                 "\n  kisoku:        " + describe(bound) + "\n  evaluate_json: " + describe(decided) + "\n" + w.json[i]);
        ++counts[static_cast<int>(expected.verdict)];
        unknown_amounts += !expected.amount;
    }
    benchmark::AddCustomContext("kisoku_applications", std::to_string(w.plain.size()));
    benchmark::AddCustomContext("kisoku_verdicts", std::to_string(counts[0]) + " eligible, " + std::to_string(counts[1]) +
                                                       " ineligible, " + std::to_string(counts[2]) + " undetermined, " +
                                                       std::to_string(unknown_amounts) + " amounts unknown");
    char bytes[32];
    std::snprintf(bytes, sizeof bytes, "%.0f", w.bytes_per_application);
    benchmark::AddCustomContext("kisoku_json_bytes_per_application", bytes);
}

// ---------------------------------------------------------------------------------------------
// The benchmarks.

void set_counters(benchmark::State& state, std::uint64_t allocations_before) {
    auto const n = static_cast<double>(workload->plain.size());
    auto const allocations = static_cast<double>(allocation_count.load(std::memory_order_relaxed) - allocations_before);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(workload->plain.size()));
    state.counters["applications"] = n;
    state.counters["allocs_per_app"] = state.iterations() ? allocations / (static_cast<double>(state.iterations()) * n) : 0.0;
    state.counters["bytes_per_app"] = workload->bytes_per_application;
}

void bench_handwritten(benchmark::State& state) {
    auto const& apps = workload->plain;
    for (auto const& a : apps) benchmark::DoNotOptimize(evaluate_by_hand(a));
    auto const before = allocation_count.load(std::memory_order_relaxed);
    for (auto _ : state)
        for (auto const& a : apps) {
            PlainResult r = evaluate_by_hand(a);
            benchmark::DoNotOptimize(r);
        }
    set_counters(state, before);
}

// Reads what a caller of the fast path reads after run(): the verdict and the amount.
inline void read_results(kisoku::eval::Evaluator& evaluator) {
    bool const ineligible = evaluator.ineligible(), undetermined = evaluator.undetermined();
    kisoku::eval::Value const& amount = evaluator.amount(0);
    benchmark::DoNotOptimize(ineligible);
    benchmark::DoNotOptimize(undetermined);
    benchmark::DoNotOptimize(&amount);
}

// `optimistic` false: the general path only, as before the optimistic path existed (for reference);
// `native`: with these generated rules.
void bench_bound_with(benchmark::State& state, bool optimistic, kisoku::eval::NativeRules const* native = nullptr) {
    // Bound once, outside the timed loop.
    kisoku::eval::ApplicationBuilder builder(program());
    std::vector<kisoku::eval::Application> apps(workload->json.size());
    for (std::size_t i = 0; i < apps.size(); ++i) kisoku::eval::bind_json(builder, workload->json[i], apps[i]);
    kisoku::eval::Evaluator evaluator(program());
    evaluator.set_optimistic(optimistic);
    use_native(evaluator, native);
    for (auto const& app : apps) {  // Warm-up: the evaluator's arrays grow to their largest.
        evaluator.run(app);
        benchmark::DoNotOptimize(result_of(evaluator));
    }
    auto const before = allocation_count.load(std::memory_order_relaxed);
    for (auto _ : state)
        for (auto const& app : apps) {
            evaluator.run(app);
            read_results(evaluator);
        }
    set_counters(state, before);
}

void bench_bound(benchmark::State& state) { bench_bound_with(state, true); }
void bench_bound_general(benchmark::State& state) { bench_bound_with(state, false); }
#ifdef KISOKU_BENCH_NATIVE
void bench_bound_native(benchmark::State& state) { bench_bound_with(state, true, built_rules()); }
#endif
void bench_bound_loaded(benchmark::State& state) { bench_bound_with(state, true, &loaded_library->rules()); }

// `native`: with the generated rules.
void bench_json_with(benchmark::State& state, bool native) {
    kisoku::eval::ApplicationBuilder builder(program());
    kisoku::eval::Application app;
    kisoku::eval::Evaluator evaluator(program());
    if (native) use_native(evaluator, built_rules());
    auto const& texts = workload->json;
    for (auto const& text : texts) {
        kisoku::eval::bind_json(builder, text, app);
        evaluator.run(app);
    }
    auto const before = allocation_count.load(std::memory_order_relaxed);
    for (auto _ : state)
        for (auto const& text : texts) {
            auto errors = kisoku::eval::bind_json(builder, text, app);
            if (!errors.empty()) state.SkipWithError("input errors");
            evaluator.run(app);
            read_results(evaluator);
        }
    set_counters(state, before);
}

void bench_json(benchmark::State& state) { bench_json_with(state, false); }
#ifdef KISOKU_BENCH_NATIVE
void bench_json_native(benchmark::State& state) { bench_json_with(state, true); }
#endif

void bench_decision(benchmark::State& state) {
    kisoku::Session session(workload->rules);
    auto const& texts = workload->json;
    for (auto const& text : texts) benchmark::DoNotOptimize(session.evaluate_json(text));
    auto const before = allocation_count.load(std::memory_order_relaxed);
    for (auto _ : state)
        for (auto const& text : texts) {
            auto result = session.evaluate_json(text);
            if (!result.decision) state.SkipWithError("no decision");
            benchmark::DoNotOptimize(result);
        }
    set_counters(state, before);
}

// A SAX handler that accepts everything and keeps nothing.
struct NullSax {
    using json = nlohmann::json;
    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(json::number_integer_t) { return true; }
    bool number_unsigned(json::number_unsigned_t) { return true; }
    bool number_float(json::number_float_t, json::string_t const&) { return true; }
    bool string(json::string_t&) { return true; }
    bool binary(json::binary_t&) { return true; }
    bool start_object(std::size_t) { return true; }
    bool key(json::string_t&) { return true; }
    bool end_object() { return true; }
    bool start_array(std::size_t) { return true; }
    bool end_array() { return true; }
    bool parse_error(std::size_t, std::string const&, nlohmann::detail::exception const&) { return false; }
};

void bench_sax_null(benchmark::State& state) {
    auto const& texts = workload->json;
    NullSax sax;
    auto const before = allocation_count.load(std::memory_order_relaxed);
    for (auto _ : state)
        for (auto const& text : texts) {
            bool ok = nlohmann::json::sax_parse(text.begin(), text.end(), &sax);
            benchmark::DoNotOptimize(ok);
        }
    set_counters(state, before);
}

// The same for kisoku's own JSON reader (kisoku/eval/json_reader.hpp), which bind_json uses.
struct NullEvents {
    void begin_object() {}
    void end_object() {}
    void begin_array() {}
    void end_array() {}
    void key(std::string_view) {}
    void string(std::string_view) {}
    void boolean(bool) {}
    void null() {}
    void integer(std::int64_t) {}
    void unsigned_integer(std::uint64_t) {}
    void number_text(std::string_view) {}
};

void bench_reader_null(benchmark::State& state) {
    auto const& texts = workload->json;
    NullEvents events;
    for (auto const& text : texts)
        if (!kisoku::eval::detail::FastJsonReader<NullEvents>(text, events).read()) state.SkipWithError("the reader gave up");
    auto const before = allocation_count.load(std::memory_order_relaxed);
    for (auto _ : state)
        for (auto const& text : texts) {
            bool ok = kisoku::eval::detail::FastJsonReader<NullEvents>(text, events).read();
            benchmark::DoNotOptimize(ok);
        }
    set_counters(state, before);
}

void bench_dom(benchmark::State& state) {
    auto const& texts = workload->json;
    auto const before = allocation_count.load(std::memory_order_relaxed);
    for (auto _ : state)
        for (auto const& text : texts) {
            auto j = nlohmann::json::parse(text);
            benchmark::DoNotOptimize(j);
        }
    set_counters(state, before);
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t count = 256;
    std::uint64_t seed = 0x6b69736f6b75;  // "kisoku"
    long print = -1;
    bool print_all = false;
#ifdef KISOKU_BENCH_NATIVE_CACHE
    std::string native_cache = KISOKU_BENCH_NATIVE_CACHE;
#else
    std::string native_cache;
#endif
    std::vector<char*> args;
    for (int i = 0; i < argc; ++i) {
        std::string_view arg = argv[i];
        constexpr std::string_view count_flag = "--kisoku_applications=", seed_flag = "--kisoku_seed=", print_flag = "--kisoku_print=",
                                   cache_flag = "--kisoku_native_cache=";
        if (arg.starts_with(cache_flag))
            native_cache = std::string(arg.substr(cache_flag.size()));
        else if (arg.starts_with(count_flag))
            count = std::stoul(std::string(arg.substr(count_flag.size())));
        else if (arg.starts_with(seed_flag))
            seed = std::stoull(std::string(arg.substr(seed_flag.size())));
        else if (arg == "--kisoku_print=all")
            print_all = true;
        else if (arg.starts_with(print_flag))
            print = std::stol(std::string(arg.substr(print_flag.size())));
        else
            args.push_back(argv[i]);
    }
    int benchmark_argc = static_cast<int>(args.size());
    args.push_back(nullptr);
    benchmark::Initialize(&benchmark_argc, args.data());
    if (benchmark::ReportUnrecognizedArguments(benchmark_argc, args.data())) return 1;
    if (count == 0) fail("--kisoku_applications must be at least 1");

    auto loaded = kisoku::load_rules(std::string(KISOKU_SOURCE_DIR) + "/rules/ktq/dxlab/2025.kisoku");
    if (!loaded.rules || loaded.has_errors()) fail("the DX LAB FY2025 rules did not load:\n" + loaded.render(kisoku::Language::en));

    static Workload w{std::move(*loaded.rules), {}, {}, 0};
    workload = &w;
    locate_checks_and_documents(program());
    Random random(seed);
    JsonWriter writer(random);
    if (print_all) {
        // One application at a time, in constant memory, so that millions can be streamed into
        // `kisoku eval -`; the same applications, in the same order, as the benchmarks measure.
        for (std::size_t i = 0; i < count; ++i) std::cout << writer.write(random_application(random)) << '\n';
        return 0;
    }
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < count; ++i) {
        w.plain.push_back(random_application(random));
        w.json.push_back(writer.write(w.plain.back()));
        bytes += w.json.back().size();
    }
    w.bytes_per_application = static_cast<double>(bytes) / static_cast<double>(count);
    if (print >= 0) {
        if (static_cast<std::size_t>(print) >= count) fail("--kisoku_print: there are only " + std::to_string(count) + " applications");
        auto const i = static_cast<std::size_t>(print);
        std::cout << nlohmann::ordered_json::parse(w.json[i]).dump(2) << "\n// expected: " << describe(evaluate_by_hand(w.plain[i])) << '\n';
        return 0;
    }
    if (!native_cache.empty()) {
        // Compiled once and kept: later runs load it from the cache.
        kisoku::eval::NativeBuildOptions options;
        options.cache_directory = native_cache;
        auto const started = std::chrono::steady_clock::now();
        auto built = kisoku::eval::build_native_library(program(), options);
        if (built.error) fail("the rules could not be compiled while the benchmark runs: " + built.error->render());
        loaded_library = std::move(built.library);
        auto const seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        char took[64];
        std::snprintf(took, sizeof took, "%s in %.2f s", loaded_library->compiled() ? "compiled" : "loaded from the cache", seconds);
        benchmark::AddCustomContext("kisoku_native_library", took);
    }
    verify(w);

    benchmark::RegisterBenchmark("handwritten", bench_handwritten);
    benchmark::RegisterBenchmark("bound", bench_bound);
    benchmark::RegisterBenchmark("bound_general", bench_bound_general);
#ifdef KISOKU_BENCH_NATIVE
    benchmark::RegisterBenchmark("bound_native", bench_bound_native);
#endif
    if (loaded_library) benchmark::RegisterBenchmark("bound_loaded", bench_bound_loaded);
    benchmark::RegisterBenchmark("json", bench_json);
#ifdef KISOKU_BENCH_NATIVE
    benchmark::RegisterBenchmark("json_native", bench_json_native);
#endif
    benchmark::RegisterBenchmark("decision", bench_decision);
    benchmark::RegisterBenchmark("reader_null", bench_reader_null);
    benchmark::RegisterBenchmark("sax_null", bench_sax_null);
    benchmark::RegisterBenchmark("dom", bench_dom);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
